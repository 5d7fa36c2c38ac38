/// Kubernetes' `metav1.Status`: the body of every failed request, which kubectl prints as
/// `Error from server (Reason): message`.
public struct APIStatus: Error, Sendable, Hashable {
    public var code: Int
    public var reason: String
    public var message: String

    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
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

    public var encoded: JSONValue {
        .object([
            "kind": .string("Status"),
            "apiVersion": .string("v1"),
            "metadata": .object([:]),
            "status": .string("Failure"),
            "message": .string(message),
            "reason": .string(reason),
            "code": .int(Int64(code)),
        ])
    }
}
