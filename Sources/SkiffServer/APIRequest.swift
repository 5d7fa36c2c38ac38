/// A request as the handler sees it, independent of the HTTP server library (so that it is testable alone).
public struct APIRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    /// The `Accept` header: `as=Table` in it asks for a `meta.k8s.io/v1` Table, as kubectl's `get` does.
    public var accept: String
    /// The request body (writes); empty for reads.
    public var body: [UInt8]
    /// The `Content-Type` header; empty when the client sent none (the Python client's creates), read as JSON.
    public var contentType: String

    public init(
        method: String = "GET",
        path: String,
        query: [String: String] = [:],
        accept: String = "",
        body: [UInt8] = [],
        contentType: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.accept = accept
        self.body = body
        self.contentType = contentType
    }
}

/// A response: a JSON document (as a value, or already serialized), plain text, a stream of newline-delimited JSON
/// watch events, or a `200` stream of bytes of another content type (a pod's log), written to the client chunk by
/// chunk as they come.
public enum APIResponse: Sendable {
    case json(status: Int, body: JSONValue)
    /// A JSON document already serialized (lists and Tables, written from cached bytes).
    case encoded(status: Int, body: [UInt8])
    case text(status: Int, body: String)
    case stream(AsyncStream<[UInt8]>)
    case bytes(contentType: String, body: AsyncThrowingStream<[UInt8], any Error>)

    public static func failure(_ status: APIStatus) -> APIResponse {
        .json(status: status.code, body: status.encoded)
    }
}
