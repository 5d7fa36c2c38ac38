import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SkiffServer
import Testing

/// The HTTPS listener for real: TLS on a free port, verified by curl against the CA (as kubectl does), tokens
/// checked, the kubeconfig route absent.
struct TLSListenerTests {
    /// Runs `curl` (the verifier stands in for kubectl's Go TLS stack: CA, SANs, validity) and returns the status
    /// code and body, or the curl exit code as a negative status when the connection failed.
    private static func curl(_ arguments: [String], writeOut: String = "%{http_code}") throws -> (status: Int, body: String, written: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "--max-time", "20", "-w", "\n" + writeOut] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return (-Int(process.terminationStatus), "", "") }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let written = String(lines.last ?? "")
        return (Int(written) ?? 0, lines.dropLast().joined(separator: "\n"), written)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
    func curlVerifiesTheServerAgainstTheCAAndTokensAreChecked() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
        var handler = APIHandler(store: store, registry: .builtIn)
        handler.kubeconfig = { _ in .text(status: 200, body: "secret kubeconfig") }
        let server = APIServer(handler: handler, socketPath: folder.path + "/sock")
        let certificates = try CertificateAuthority.loadOrCreate(directory: folder.path + "/tls", hosts: ["127.0.0.1"])
        let tokens = try TokenStore.loadOrCreate(directory: folder.path + "/tokens")
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = try server.tlsApplication(
            host: "127.0.0.1",
            port: 0,
            certificates: certificates,
            tokens: tokens,
            onServerRunning: { port in portSink.yield(port) }
        )
        let group = ServiceGroup(services: [app], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            let ca = folder.path + "/tls/ca.crt"
            let base = "https://127.0.0.1:\(port)"
            let authorized = ["-H", "Authorization: Bearer \(tokens.adminToken)", "--cacert", ca]

            let version = try Self.curl(authorized + [base + "/version"])
            #expect(version.status == 200)
            #expect(version.body.contains("\"minor\":\"32\""))
            // localhost is in the certificate too (resolved to the IPv4 loopback the listener is on, so that curl
            // does not first try ::1).
            let localhost = ["--resolve", "localhost:\(port):127.0.0.1", "https://localhost:\(port)/version"]
            #expect(try Self.curl(authorized + localhost).status == 200)
            // TLS 1.2 is accepted; HTTP/2 is never negotiated.
            #expect(try Self.curl(authorized + ["--tlsv1.2", "--tls-max", "1.2", base + "/version"]).status == 200)
            #expect(try Self.curl(authorized + ["-o", "/dev/null", "--http2", base + "/version"], writeOut: "%{http_version}").written == "1.1")

            let anonymous = try Self.curl(["--cacert", ca, base + "/api/v1/namespaces"])
            #expect(anonymous.status == 401)
            #expect(anonymous.body.contains("\"reason\":\"Unauthorized\""))
            let reader = try Self.curl(
                ["--cacert", ca, "-H", "Authorization: Bearer \(tokens.readOnlyToken)", "-X", "DELETE",
                 base + "/api/v1/namespaces/default"]
            )
            #expect(reader.status == 403)
            #expect(try Self.curl(authorized + [base + "/skiff/v1/kubeconfig"]).status == 404)
            #expect(try Self.curl(["--cacert", ca, base + "/readyz"]).status == 200)
            // Without the CA the server is not trusted (curl exit 60: certificate problem).
            #expect(try Self.curl([base + "/version"]).status == -60)

            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
