import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SkiffServer
import Testing

/// The HTTPS listener's routes: every request needs a valid bearer token (401 Status otherwise), the read-only
/// token only reads (403 Status), the kubeconfig is never served over TCP.
struct BearerTokenMiddlewareTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let tokens = TokenStore(adminToken: "admin-token-0123456789", readOnlyToken: "reader-token-0123456789")
    let server: APIServer

    init() throws {
        var handler = APIHandler(store: store, registry: .builtIn)
        handler.kubeconfig = { _ in .text(status: 200, body: "secret kubeconfig") }
        server = APIServer(handler: handler, socketPath: "/unused")
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
    }

    private var app: some ApplicationProtocol {
        Application(router: server.router(middleware: [BearerTokenMiddleware<BasicRequestContext>(tokens: tokens)]))
    }

    private static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }

    private static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func noOrAWrongTokenIsAnUnauthorizedStatus() async throws {
        try await app.test(.router) { client in
            for headers: HTTPFields in [
                [:], Self.bearer("wrong"), Self.bearer(""), [.authorization: "Basic YWRtaW46YWRtaW4="],
                Self.bearer("admin-token-012345678"),
            ] {
                // `/version` too: kubectl's "You must be logged in to the server" comes from it.
                for path in ["/version", "/api/v1/namespaces", "/metrics", "/no/such/path"] {
                    try await client.execute(uri: path, method: .get, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(path) \(headers)")
                        #expect(response.headers[.contentType] == "application/json")
                        let body = try Self.json(response.body)
                        #expect(body["kind"] as? String == "Status")
                        #expect(body["apiVersion"] as? String == "v1")
                        #expect(body["status"] as? String == "Failure")
                        #expect(body["reason"] as? String == "Unauthorized")
                        #expect(body["message"] as? String == "Unauthorized")
                        #expect(body["code"] as? Int == 401)
                    }
                }
            }
        }
    }

    @Test func theAdminTokenReachesTheRoutes() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/version", method: .get, headers: Self.bearer(tokens.adminToken)) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["minor"] as? String == "32")
            }
            // The scheme is case-insensitive.
            try await client.execute(
                uri: "/api/v1/namespaces/default",
                method: .get,
                headers: [.authorization: "bearer \(tokens.adminToken)"]
            ) { response in
                #expect(response.status == .ok)
            }
            // A write passes authentication (and reaches the handler, whatever it answers).
            try await client.execute(
                uri: "/api/v1/namespaces/default/pods",
                method: .post,
                headers: Self.bearer(tokens.adminToken)
            ) { response in
                #expect(response.status != .unauthorized && response.status != .forbidden)
            }
        }
    }

    @Test func theReadOnlyTokenReadsButCannotWrite() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/namespaces", method: .get, headers: Self.bearer(tokens.readOnlyToken)) {
                response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/namespaces/default/pods",
                method: .post,
                headers: Self.bearer(tokens.readOnlyToken)
            ) { response in
                #expect(response.status == .forbidden)
                let body = try Self.json(response.body)
                #expect(body["reason"] as? String == "Forbidden")
                #expect(body["code"] as? Int == 403)
                #expect(
                    body["message"] as? String
                        == "pods is forbidden: User \"skiff:read-only\" cannot create resource \"pods\" in API group \"\" "
                        + "in the namespace \"default\""
                )
            }
            try await client.execute(
                uri: "/apis/skiff.dev/v1alpha1/namespaces/ml/jobs/train/cancel",
                method: .post,
                headers: Self.bearer(tokens.readOnlyToken)
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func forbiddenMessagesNameTheVerbAndScope() {
        typealias M = BearerTokenMiddleware<BasicRequestContext>
        #expect(
            M.forbiddenMessage(method: "PATCH", path: "/api/v1/nodes/box")
                == "nodes \"box\" is forbidden: User \"skiff:read-only\" cannot patch resource \"nodes\" in API group \"\" "
                + "at the cluster scope"
        )
        #expect(
            M.forbiddenMessage(method: "DELETE", path: "/apis/skiff.dev/v1alpha1/namespaces/ml/instancetypes")
                == "instancetypes is forbidden: User \"skiff:read-only\" cannot deletecollection resource "
                + "\"instancetypes\" in API group \"skiff.dev\" in the namespace \"ml\""
        )
        #expect(
            M.forbiddenMessage(method: "PUT", path: "/api/v1/namespaces/ml/pods/p/status")
                == "pods \"p\" is forbidden: User \"skiff:read-only\" cannot update resource \"pods/status\" in API "
                + "group \"\" in the namespace \"ml\""
        )
    }

    @Test func healthProbesNeedNoToken() async throws {
        try await app.test(.router) { client in
            for path in ["/healthz", "/livez", "/readyz"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                }
            }
        }
    }

    @Test func theKubeconfigIsNeverServedOverTheListener() async throws {
        try await app.test(.router) { client in
            try await client.execute(uri: "/skiff/v1/kubeconfig", method: .get, headers: Self.bearer(tokens.adminToken)) {
                response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("secret"))
            }
        }
        // The Unix socket's router (no middleware) serves it.
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/skiff/v1/kubeconfig", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "secret kubeconfig")
            }
        }
    }
}
