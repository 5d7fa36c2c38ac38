/// A failed store operation, with the reason, message and HTTP status code Kubernetes' API server gives for it,
/// so that the API layer can answer with the `Status` object `kubectl` expects.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kubernetes' `StatusReason` values the store produces.
    public enum Reason: String, Sendable, Hashable {
        case notFound = "NotFound"
        case alreadyExists = "AlreadyExists"
        case conflict = "Conflict"
        case expired = "Expired"
        case invalid = "Invalid"
        case badRequest = "BadRequest"
        case timeout = "Timeout"
        case serviceUnavailable = "ServiceUnavailable"
    }

    /// One field-level problem of an `Invalid` error (Kubernetes' `StatusCause`).
    public struct Cause: Sendable, Hashable {
        /// `FieldValueRequired`, `FieldValueInvalid`, `FieldValueForbidden`, …
        public var type: String
        /// The field path (`metadata.name`).
        public var field: String
        /// What is wrong, without the field path (`Required value`).
        public var message: String

        public init(type: String, field: String, message: String) {
            self.type = type
            self.field = field
            self.message = message
        }

        /// `field: message`, as Kubernetes joins them.
        public var description: String { "\(field): \(message)" }
    }

    public var reason: Reason
    /// The whole human-readable message (`pods "x" not found`).
    public var message: String
    /// The HTTP status code: 404, 409, 409, 410, 422, 400, 504 or 503.
    public var code: Int
    /// The object's name, when the error is about one object.
    public var name: String?
    /// The object's API group (empty for the core group).
    public var group: String?
    /// What `Status.details.kind` carries: the resource plural for NotFound/AlreadyExists/Conflict, the kind for
    /// Invalid.
    public var kind: String?
    /// Field problems of an `Invalid` error.
    public var causes: [Cause]

    public init(
        reason: Reason,
        message: String,
        code: Int,
        name: String? = nil,
        group: String? = nil,
        kind: String? = nil,
        causes: [Cause] = []
    ) {
        self.reason = reason
        self.message = message
        self.code = code
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
    }

    public var description: String { message }
}

extension StoreError {
    /// `plural.group "name" not found` (404).
    public static func notFound(_ resource: QualifiedResource, name: String) -> StoreError {
        StoreError(
            reason: .notFound,
            message: "\(resource) \"\(name)\" not found",
            code: 404,
            name: name,
            group: resource.group,
            kind: resource.plural
        )
    }

    /// `plural.group "name" already exists` (409).
    public static func alreadyExists(_ resource: QualifiedResource, name: String) -> StoreError {
        StoreError(
            reason: .alreadyExists,
            message: "\(resource) \"\(name)\" already exists",
            code: 409,
            name: name,
            group: resource.group,
            kind: resource.plural
        )
    }

    /// The optimistic-concurrency failure: the object changed since the writer read it (409).
    public static func conflict(_ resource: QualifiedResource, name: String) -> StoreError {
        conflict(
            resource,
            name: name,
            detail: "the object has been modified; please apply your changes to the latest version and try again"
        )
    }

    /// `Operation cannot be fulfilled on plural.group "name": detail` (409).
    public static func conflict(_ resource: QualifiedResource, name: String, detail: String) -> StoreError {
        StoreError(
            reason: .conflict,
            message: "Operation cannot be fulfilled on \(resource) \"\(name)\": \(detail)",
            code: 409,
            name: name,
            group: resource.group,
            kind: resource.plural
        )
    }

    /// A watch or continue token older than the retained history (410 Gone).
    public static func expired(_ message: String) -> StoreError {
        StoreError(reason: .expired, message: message, code: 410)
    }

    /// `Kind.group "name" is invalid: field: problem` (422), one cause per field problem.
    public static func invalid(_ groupKind: GroupKind, name: String, causes: [Cause]) -> StoreError {
        let joined =
            causes.count == 1
            ? causes[0].description : "[" + causes.map(\.description).joined(separator: ", ") + "]"
        return StoreError(
            reason: .invalid,
            message: "\(groupKind) \"\(name)\" is invalid: \(joined)",
            code: 422,
            name: name,
            group: groupKind.group,
            kind: groupKind.kind,
            causes: causes
        )
    }

    /// A malformed request: an unsupported field selector, an undecodable continue token (400).
    public static func badRequest(_ message: String) -> StoreError {
        StoreError(reason: .badRequest, message: message, code: 400)
    }

    /// A watch from a resourceVersion the store has not reached (504, as the watch cache answers after waiting).
    public static func tooLargeResourceVersion(_ requested: ResourceVersion, current: ResourceVersion) -> StoreError {
        StoreError(
            reason: .timeout,
            message: "Too large resource version: \(requested), current: \(current)",
            code: 504,
            causes: [Cause(type: "ResourceVersionTooLarge", field: "", message: "Too large resource version")]
        )
    }
}

extension StoreError {
    /// The store cannot save writes now (its disk is full, its folder unwritable); nothing was changed (503).
    public static func unavailable(_ message: String) -> StoreError {
        StoreError(reason: .serviceUnavailable, message: message, code: 503)
    }
}

extension StoreError.Cause {
    /// `Required value` (with an optional detail).
    static func required(_ field: String, _ detail: String = "") -> Self {
        Self(
            type: "FieldValueRequired",
            field: field,
            message: detail.isEmpty ? "Required value" : "Required value: \(detail)"
        )
    }

    /// `Invalid value: "value": detail`.
    static func invalid(_ field: String, value: String, _ detail: String) -> Self {
        Self(type: "FieldValueInvalid", field: field, message: "Invalid value: \"\(value)\": \(detail)")
    }

    /// `Forbidden: detail`.
    static func forbidden(_ field: String, _ detail: String) -> Self {
        Self(type: "FieldValueForbidden", field: field, message: "Forbidden: \(detail)")
    }
}
