import Foundation
import Hummingbird
import Logging
import NIOCore
import SkiffControllers
import SkiffServer
import Synchronization
import Testing

@testable import skiffd

/// The stock kubectl against an in-process, unauthenticated plain-HTTP API server over a real manifests folder,
/// loader and memory store (the daemon's own `ManifestObjectWriter`), for the write paths.
final class KubectlWriteHarness: Sendable {
    let root: String
    let manifests: String
    let store: MemoryStore
    let loader: ManifestLoader
    let port: Int
    private let server: Task<Void, any Error>

    static var kubectlAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") }

    init() async throws {
        let root = NSTemporaryDirectory() + "skiff-writes-\(UUID().uuidString)"
        let manifests = root + "/manifests"
        try FileManager.default.createDirectory(atPath: manifests, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/cache", withIntermediateDirectories: true)
        let registry = KindRegistry.builtIn
        let store = MemoryStore(configuration: StoreConfiguration(kinds: registry))
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        let loader = ManifestLoader(root: manifests, store: store, decoder: .standard, now: { Timestamp.now() })
        let handler = APIHandler(
            store: store,
            registry: registry,
            writer: ManifestObjectWriter(store: store, loader: loader, registry: registry)
        )
        let router = APIServer(handler: handler, socketPath: "").router()
        let ready = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test.kubectl")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                ready.continuation.yield(channel.localAddress?.port ?? 0)
                ready.continuation.finish()
            },
            logger: logger
        )
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await p in ready.stream {
            port = p
            break
        }
        let kubeconfig = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: skiff
              cluster:
                server: http://127.0.0.1:\(port)
            users:
            - name: admin
              user: {}
            contexts:
            - name: skiff
              context: {cluster: skiff, user: admin}
            current-context: skiff

            """
        try kubeconfig.write(toFile: root + "/kubeconfig", atomically: true, encoding: .utf8)
        self.root = root
        self.manifests = manifests
        self.store = store
        self.loader = loader
        self.port = port
        self.server = server
    }

    func stop() {
        server.cancel()
        try? FileManager.default.removeItem(atPath: root)
    }

    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// Runs kubectl with this server's kubeconfig and a cache of its own; never blocks a cooperative thread.
    func kubectl(_ arguments: [String], stdin: String? = nil) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kubectl")
        process.arguments = ["--kubeconfig", root + "/kubeconfig", "--cache-dir", root + "/cache"] + arguments
        let id = UUID().uuidString
        let outPath = root + "/out-\(id)"
        let errPath = root + "/err-\(id)"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = root + "/in-\(id)"
            try stdin.write(toFile: input, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { p in continuation.resume(returning: p.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        try err.close()
        return Output(
            status: status,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        )
    }

    /// Writes a file under the root (not the manifests folder) for `kubectl apply -f`.
    func file(_ name: String, _ text: String) throws -> String {
        let path = root + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Writes a user's manifest and lets the loader read it, as the folder watcher would.
    func declare(_ relative: String, _ text: String) throws {
        try text.write(toFile: manifests + "/" + relative, atomically: true, encoding: .utf8)
        loader.handle([.upserted(relative)])
    }

    func manifest(_ relative: String) -> String? {
        try? String(contentsOfFile: manifests + "/" + relative, encoding: .utf8)
    }
}
