import Hummingbird
import NIOCore

/// Authenticates every request of the HTTPS listener by its `Authorization: Bearer TOKEN` header, as the API
/// server's token authenticator does: no or an unknown token → `401 Unauthorized` with a `Status` body (kubectl
/// prints "You must be logged in to the server"); the read-only token on anything but GET/HEAD → `403 Forbidden`
/// worded like the API server's RBAC refusal. The health probes (`/healthz`, `/livez`, `/readyz`) answer without a
/// token, as the API server lets anonymous clients read them; `/version` and `/metrics` need one.
///
/// Must be added to the router *before* its routes: `Router.on` captures the middleware list at registration.
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    public let tokens: TokenStore

    /// Paths answered without a token.
    public static var publicPaths: Set<String> { ["/healthz", "/livez", "/readyz"] }
    /// Paths never served over TCP, whatever the token (the kubeconfig holds the admin token: Unix socket only).
    public static var socketOnlyPaths: Set<String> { ["/skiff/v1/kubeconfig"] }

    public init(tokens: TokenStore) {
        self.tokens = tokens
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if Self.socketOnlyPaths.contains(path) {
            return Self.status(
                code: 404,
                reason: "NotFound",
                message: "the server could not find the requested resource"
            )
        }
        if Self.publicPaths.contains(path) {
            return try await next(request, context)
        }
        guard let role = Self.bearerToken(request.headers[.authorization]).flatMap({ tokens.role(of: $0) }) else {
            var response = Self.status(code: 401, reason: "Unauthorized", message: "Unauthorized")
            response.headers[.wwwAuthenticate] = "Bearer realm=\"skiff\""
            return response
        }
        if role == .readOnly, request.method != .get, request.method != .head {
            return Self.status(
                code: 403,
                reason: "Forbidden",
                message: Self.forbiddenMessage(method: request.method.rawValue, path: path)
            )
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive, as Go's client sends it).
    static func bearerToken(_ header: String?) -> Substring? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let token = header.dropFirst(7).drop { $0 == " " }
        return token.isEmpty ? nil : token
    }

    /// The API server's RBAC wording: `pods is forbidden: User "skiff:read-only" cannot create resource "pods" in
    /// API group "" in the namespace "default"`.
    public static func forbiddenMessage(method: String, path: String) -> String {
        let user = "User \"skiff:read-only\""
        guard let resource = APIPath(path), !resource.resource.isEmpty else {
            return "forbidden: \(user) cannot \(method.lowercased()) path \"\(path)\""
        }
        let verb: String
        switch method {
        case "POST": verb = "create"
        case "PUT": verb = "update"
        case "PATCH": verb = "patch"
        case "DELETE": verb = resource.name == nil ? "deletecollection" : "delete"
        default: verb = method.lowercased()
        }
        let plural = resource.resource + (resource.subresource.map { "/" + $0 } ?? "")
        let subject = resource.name.map { "\(resource.resource) \"\($0)\"" } ?? resource.resource
        let scope = resource.namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
        return "\(subject) is forbidden: \(user) cannot \(verb) resource \"\(plural)\" in API group \"\(resource.group)\" \(scope)"
    }

    /// A `Status` failure as the API server writes it.
    static func status(code: Int, reason: String, message: String) -> Response {
        let body = JSONValue.object([
            "kind": .string("Status"),
            "apiVersion": .string("v1"),
            "metadata": .object([:]),
            "status": .string("Failure"),
            "message": .string(message),
            "reason": .string(reason),
            "code": .int(Int64(code)),
        ])
        var bytes: [UInt8] = []
        body.write(to: &bytes, pretty: false, indent: 0)
        return Response(
            status: HTTPResponse.Status(code: code),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
