/// Collects every error found while decoding one document, so that a user sees all of them at once (as
/// Kubernetes' validation returns an `ErrorList`), each with its line and column. One context per decode; not
/// shared between threads.
public final class DecodeContext {
    public let file: String
    public private(set) var errors: [FieldError] = []
    public private(set) var warnings: [FieldError] = []
    /// Whether `status` is read (API writes and persistence) or ignored (user manifests: status is never
    /// declared).
    public let includeStatus: Bool

    public init(file: String, includeStatus: Bool = false) {
        self.file = file
        self.includeStatus = includeStatus
    }

    public var hasErrors: Bool { !errors.isEmpty }

    /// Records an error in Kubernetes' wording: `path: message`.
    public func error(_ path: FieldPath, _ mark: Mark, _ message: String) {
        errors.append(FieldError(file: file, mark: mark, path: path.description, message: message))
    }

    /// Records a warning (the object is still applied).
    public func warning(_ path: FieldPath, _ mark: Mark, _ message: String) {
        warnings.append(FieldError(file: file, mark: mark, path: path.description, message: message, isWarning: true))
    }

    /// `path: Required value` (with an optional detail).
    public func required(_ path: FieldPath, _ mark: Mark, _ detail: String = "") {
        error(path, mark, detail.isEmpty ? "Required value" : "Required value: \(detail)")
    }

    /// `path: Invalid value: "value": detail`.
    public func invalid(_ path: FieldPath, _ mark: Mark, value: String, _ detail: String) {
        error(path, mark, "Invalid value: \(FieldError.quote(value)): \(detail)")
    }

    /// `path: Unsupported value: "value": supported values: "a", "b"`.
    public func notSupported(_ path: FieldPath, _ mark: Mark, value: String, supported: [String]) {
        let list = supported.map(FieldError.quote).joined(separator: ", ")
        error(path, mark, "Unsupported value: \(FieldError.quote(value)): supported values: \(list)")
    }

    /// `path: Forbidden: detail`.
    public func forbidden(_ path: FieldPath, _ mark: Mark, _ detail: String) {
        error(path, mark, "Forbidden: \(detail)")
    }
}
