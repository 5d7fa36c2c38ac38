/// Kubernetes' `metav1.Status`: the body of every failed request, which kubectl prints as
/// `Error from server (Reason): message`.
public struct APIStatus: Error, Sendable, Hashable {
    public var code: Int
    public var reason: String
    public var message: String
    /// `details` (`name`, `group`, `kind`, `uid`, `causes`); nil when there is nothing to say.
    public var details: Details?

    /// Kubernetes' `StatusDetails`: which object the status is about and, for `Invalid`, every field problem.
    public struct Details: Sendable, Hashable {
        public var name: String
        public var group: String
        /// The resource plural for NotFound/AlreadyExists/Conflict/deletes, the kind for Invalid (as Kubernetes).
        public var kind: String
        public var uid: String
        public var causes: [Cause]

        public init(name: String = "", group: String = "", kind: String = "", uid: String = "", causes: [Cause] = []) {
            self.name = name
            self.group = group
            self.kind = kind
            self.uid = uid
            self.causes = causes
        }

        public var encoded: JSONValue {
            var o = JSONObject()
            o.put("name", nonEmpty: name)
            o.put("group", nonEmpty: group)
            o.put("kind", nonEmpty: kind)
            o.put("uid", nonEmpty: uid)
            o.put("causes", nonEmpty: causes.map(\.encoded))
            return .object(o)
        }
    }

    /// Kubernetes' `StatusCause`: `reason` (`FieldValueInvalid`, …), `field` (`spec.x`), `message`.
    public struct Cause: Sendable, Hashable {
        public var reason: String
        public var field: String
        public var message: String

        public init(reason: String, field: String, message: String) {
            self.reason = reason
            self.field = field
            self.message = message
        }

        public var encoded: JSONValue {
            var o = JSONObject()
            o.put("reason", nonEmpty: reason)
            o.put("message", nonEmpty: message)
            o.put("field", nonEmpty: field)
            return .object(o)
        }
    }

    public init(code: Int, reason: String, message: String, details: Details? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    public static func notFound(_ message: String) -> APIStatus {
        APIStatus(code: 404, reason: "NotFound", message: message)
    }

    public static func badRequest(_ message: String) -> APIStatus {
        APIStatus(code: 400, reason: "BadRequest", message: message)
    }

    public static func conflict(_ message: String) -> APIStatus {
        APIStatus(code: 409, reason: "Conflict", message: message)
    }

    public static func notImplemented(_ message: String) -> APIStatus {
        APIStatus(code: 501, reason: "NotImplemented", message: message)
    }

    public static func methodNotAllowed(_ message: String) -> APIStatus {
        APIStatus(code: 405, reason: "MethodNotAllowed", message: message)
    }

    /// `plural.group "name" already exists` (409).
    public static func alreadyExists(group: String, plural: String, name: String) -> APIStatus {
        let resource = group.isEmpty ? plural : "\(plural).\(group)"
        return APIStatus(
            code: 409,
            reason: "AlreadyExists",
            message: "\(resource) \"\(name)\" already exists",
            details: Details(name: name, group: group, kind: plural)
        )
    }

    /// `Kind "name" is invalid: field: message` (422), one cause per field problem, as kubectl prints them.
    public static func invalid(group: String, kind: String, name: String, causes: [Cause]) -> APIStatus {
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        let joined: String
        if causes.count == 1 {
            joined = causes[0].field.isEmpty ? causes[0].message : "\(causes[0].field): \(causes[0].message)"
        } else {
            joined = "[" + causes.map { $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" }
                .joined(separator: ", ") + "]"
        }
        return APIStatus(
            code: 422,
            reason: "Invalid",
            message: "\(qualified) \"\(name)\" is invalid: \(joined)",
            details: Details(name: name, group: group, kind: kind, causes: causes)
        )
    }

    /// `415 UnsupportedMediaType`: a patch type the resource does not take.
    public static func unsupportedMediaType(_ message: String) -> APIStatus {
        APIStatus(code: 415, reason: "UnsupportedMediaType", message: message)
    }

    /// `503 ServiceUnavailable`.
    public static func serviceUnavailable(_ message: String) -> APIStatus {
        APIStatus(code: 503, reason: "ServiceUnavailable", message: message)
    }

    /// `500 InternalError`.
    public static func internalError(_ message: String) -> APIStatus {
        APIStatus(code: 500, reason: "InternalError", message: message)
    }

    /// `413 RequestEntityTooLarge`.
    public static func tooLarge(_ message: String) -> APIStatus {
        APIStatus(code: 413, reason: "RequestEntityTooLarge", message: message)
    }

    public var encoded: JSONValue {
        var o = JSONObject()
        o["kind"] = .string("Status")
        o["apiVersion"] = .string("v1")
        o["metadata"] = .object([:])
        o["status"] = .string("Failure")
        o["message"] = .string(message)
        o["reason"] = .string(reason)
        if let details, case .object(let d) = details.encoded, !d.isEmpty { o["details"] = details.encoded }
        o["code"] = .int(Int64(code))
        return .object(o)
    }
}
