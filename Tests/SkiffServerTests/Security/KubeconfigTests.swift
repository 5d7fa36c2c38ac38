import Foundation
import SkiffServer
import Testing

/// The kubeconfig `skiffctl kubeconfig` prints.
struct KubeconfigTests {
    let document = Kubeconfig(
        server: "https://127.0.0.1:6443",
        certificateAuthorityPEM: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        token: "tok_en-123"
    )

    @Test func theYAMLParsesToTheSameDocumentAsTheJSON() throws {
        let parsed = try #require(
            try YAMLParser(limits: YAMLLimits(maxBytes: 1 << 20)).parse(document.yaml, file: "kubeconfig").first?.root
        )
        #expect(JSONValue(yaml: parsed) == document.json)
    }

    @Test func theDocumentHasEverythingKubectlNeeds() throws {
        let json = document.json
        #expect(json["kind"] == .string("Config") && json["current-context"] == .string("skiff"))
        guard case .array(let clusters) = json["clusters"] ?? .null, let cluster = clusters.first?["cluster"] else {
            Issue.record("no cluster")
            return
        }
        #expect(cluster["server"] == .string("https://127.0.0.1:6443"))
        let data = try #require(cluster["certificate-authority-data"]?.stringValue)
        #expect(Data(base64Encoded: data).map { String(decoding: $0, as: UTF8.self) } == document.certificateAuthorityPEM)
        guard case .array(let users) = json["users"] ?? .null else {
            Issue.record("no users")
            return
        }
        #expect(users.first?["user"]?["token"] == .string("tok_en-123"))
        guard case .array(let contexts) = json["contexts"] ?? .null else {
            Issue.record("no contexts")
            return
        }
        #expect(contexts.first?["name"] == .string("skiff"))
        #expect(contexts.first?["context"]?["user"] == .string("skiff-admin"))
        #expect(contexts.first?["context"]?["cluster"] == .string("skiff"))
    }

    @Test func serverURLs() {
        #expect(Kubeconfig.serverURL(host: "127.0.0.1", port: 6443) == "https://127.0.0.1:6443")
        #expect(Kubeconfig.serverURL(host: "0.0.0.0", port: 1) == "https://127.0.0.1:1")
        #expect(Kubeconfig.serverURL(host: "::1", port: 2) == "https://[::1]:2")
        #expect(Kubeconfig.serverURL(host: "::", port: 3) == "https://[::1]:3")
        #expect(Kubeconfig.serverURL(host: "localhost", port: 4) == "https://localhost:4")
    }

    @Test func theListenerStateServesTheKubeconfigOnceRunning() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let state = HTTPSListenerState(
            host: "127.0.0.1",
            certificates: try CertificateAuthority.loadOrCreate(directory: folder.path + "/tls", hosts: ["127.0.0.1"]),
            tokens: TokenStore(adminToken: "admin-token-0123456789", readOnlyToken: "reader-token-0123456789")
        )
        guard case .json(503, _) = state.route([:]) else {
            Issue.record("expected 503 before the listener runs")
            return
        }
        state.running(port: 40123)
        guard case .json(200, let admin) = state.route([:]) else {
            Issue.record("expected the JSON kubeconfig")
            return
        }
        #expect(admin["clusters"].debugDescription.contains("https://127.0.0.1:40123"))
        guard case .text(200, let yaml) = state.route(["format": "yaml", "readOnly": "true"]) else {
            Issue.record("expected the YAML kubeconfig")
            return
        }
        #expect(yaml.contains("token: \"reader-token-0123456789\""))
        #expect(yaml.contains("name: skiff-read-only"))
        #expect(!yaml.contains("admin-token"))
    }
}
