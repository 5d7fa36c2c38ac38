import Hummingbird
import Logging
import NIOCore

/// The HTTP side of the API: Hummingbird on a Unix socket, every GET, POST, PUT, PATCH and DELETE routed to an
/// ``APIHandler``.
public struct APIServer: Sendable {
    public let handler: APIHandler
    public let socketPath: String
    public let logger: Logger

    public init(handler: APIHandler, socketPath: String, logger: Logger = Logger(label: "skiff.api")) {
        self.handler = handler
        self.socketPath = socketPath
        self.logger = logger
    }

    /// The largest request body taken (the Kubernetes API server's limit, 3 MiB).
    public static let maxBodyBytes = 3 * 1024 * 1024

    /// The router, also used by in-process tests. `middleware` runs before every route (the HTTPS listener's
    /// bearer-token check); it must be added before the routes, which capture the middleware list.
    public func router(
        middleware: [any MiddlewareProtocol<Request, Response, BasicRequestContext>] = []
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        for layer in middleware { router.add(middleware: layer) }
        let handler = self.handler
        let route: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters {
                query[String(key)] = String(value)
            }
            let method = request.method.rawValue
            let accept = request.headers[.accept] ?? ""
            var body: [UInt8] = []
            if method != "GET" {
                do {
                    let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
                    body = Array(buffer.readableBytesView)
                } catch {
                    return Self.response(.failure(.tooLarge("the request body is larger than \(Self.maxBodyBytes) bytes")))
                }
            }
            let answer = await handler.handle(
                APIRequest(
                    method: method,
                    path: request.uri.path,
                    query: query,
                    accept: accept,
                    body: body,
                    contentType: request.headers[.contentType] ?? ""
                )
            )
            return Self.response(answer)
        }
        router.get("**", use: route)
        router.post("**", use: route)
        router.put("**", use: route)
        router.patch("**", use: route)
        router.delete("**", use: route)
        return router
    }

    /// The service to run in a `ServiceGroup`: listens on the Unix socket until graceful shutdown.
    public func application(onServerRunning: @escaping @Sendable () async -> Void = {}) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .unixDomainSocket(path: socketPath), serverName: "skiffd"),
            onServerRunning: { _ in await onServerRunning() },
            logger: logger
        )
    }

    static func response(_ answer: APIResponse) -> Response {
        switch answer {
        case .json(let status, let body):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1024)
            body.write(to: &bytes, pretty: false, indent: 0)
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
            )
        case .encoded(let status, let body):
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
            )
        case .text(let status, let body):
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body))
            )
        case .stream(let lines):
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody { writer in
                    for await line in lines {
                        try await writer.write(ByteBuffer(bytes: line))
                    }
                    try await writer.finish(nil)
                }
            )
        case .bytes(let contentType, let body):
            return Response(
                status: .ok,
                headers: [.contentType: contentType],
                body: ResponseBody { writer in
                    var chunks = body.makeAsyncIterator()
                    while true {
                        // A source that fails after the head is sent just ends the body, as a kubelet's log does.
                        guard let chunk = try? await chunks.next() else { break }
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                    try await writer.finish(nil)
                }
            )
        }
    }
}
