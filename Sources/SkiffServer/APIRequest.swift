/// A request as the handler sees it, independent of the HTTP server library (so that it is testable alone).
public struct APIRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]

    public init(method: String = "GET", path: String, query: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.query = query
    }
}

/// A response: a JSON document, plain text, or a stream of newline-delimited JSON watch events.
public enum APIResponse: Sendable {
    case json(status: Int, body: JSONValue)
    case text(status: Int, body: String)
    case stream(AsyncStream<[UInt8]>)

    public static func failure(_ status: APIStatus) -> APIResponse {
        .json(status: status.code, body: status.encoded)
    }
}
