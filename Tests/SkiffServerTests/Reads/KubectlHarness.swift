import Foundation
import Hummingbird
import Logging
import NIOCore
import SkiffServer
import Synchronization

/// The real `/usr/bin/kubectl` against an in-process, unauthenticated plain-HTTP server on `127.0.0.1:0` (kubectl
/// sends no token over http), each harness with a fresh `--cache-dir` and kubeconfig.
final class KubectlHarness: Sendable {
    static let kubectl = "/usr/bin/kubectl"

    let port: Int
    let folder: String
    private let server: Task<Void, any Error>
    private let handler: APIHandler

    private init(port: Int, folder: String, server: Task<Void, any Error>, handler: APIHandler) {
        self.port = port
        self.folder = folder
        self.server = server
        self.handler = handler
    }

    /// Serves `handler` while `body` runs.
    static func with<T: Sendable>(_ handler: APIHandler, _ body: (KubectlHarness) async throws -> T) async throws -> T {
        let box = PortBox()
        var logger = Logger(label: "kubectl-test")
        logger.logLevel = .error
        let app = Application(
            router: APIServer(handler: handler, socketPath: "").router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in box.port.withLock { $0 = channel.localAddress?.port } },
            logger: logger
        )
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        // Generous: under a full parallel test run the cooperative pool is busy for a while.
        let deadline = ContinuousClock.now + .seconds(120)
        var port: Int?
        while port == nil, ContinuousClock.now < deadline {
            port = box.port.withLock { $0 }
            if port == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        guard let port else {
            server.cancel()
            throw HarnessError(message: "the server did not start")
        }
        let folder = NSTemporaryDirectory() + "skiff-kubectl-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/cache", withIntermediateDirectories: true)
        let kubeconfig = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: skiff
              cluster: {server: "http://127.0.0.1:\(port)"}
            contexts:
            - name: skiff
              context: {cluster: skiff, user: admin, namespace: default}
            current-context: skiff
            users:
            - name: admin
              user: {}

            """
        try kubeconfig.write(toFile: folder + "/kubeconfig", atomically: true, encoding: .utf8)
        let harness = KubectlHarness(port: port, folder: folder, server: server, handler: handler)
        defer { harness.stop() }
        return try await body(harness)
    }

    private func stop() {
        handler.watches.closeAll()
        server.cancel()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs kubectl to its end (killed after `timeout`).
    func run(_ arguments: String..., timeout: Duration = .seconds(60)) async throws -> KubectlResult {
        let process = try start(arguments)
        let result = try await process.finish(within: timeout)
        // For reading what kubectl printed when the tests pass: `SKIFF_KUBECTL_TRANSCRIPT=/path`.
        if let transcript = ProcessInfo.processInfo.environment["SKIFF_KUBECTL_TRANSCRIPT"],
            let handle = FileHandle(forWritingAtPath: transcript) ?? {
                FileManager.default.createFile(atPath: transcript, contents: nil)
                return FileHandle(forWritingAtPath: transcript)
            }()
        {
            handle.seekToEndOfFile()
            handle.write(Data("$ kubectl \(arguments.joined(separator: " "))\n\(result)\n".utf8))
            handle.closeFile()
        }
        return result
    }

    /// Starts kubectl; read its output with ``RunningKubectl/output`` and end it with ``RunningKubectl/stop()``.
    func start(_ arguments: [String]) throws -> RunningKubectl {
        try RunningKubectl(
            arguments: ["--kubeconfig", folder + "/kubeconfig", "--cache-dir", folder + "/cache"] + arguments,
            folder: folder
        )
    }
}

/// The port the server listens on, once it runs.
final class PortBox: Sendable {
    let port = Mutex<Int?>(nil)
}

struct HarnessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// What a kubectl run printed and how it exited.
struct KubectlResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }

    /// The rows of a table, cells split on runs of two or more spaces (kubectl pads with at least three).
    var rows: [[String]] {
        stdout.split(separator: "\n").map { line in
            line.split(separator: "   ", omittingEmptySubsequences: true).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
        }
    }
}

/// A kubectl process whose output goes to files.
// @unchecked: `Process` is not Sendable; after `run()` only its thread-safe `isRunning`, `terminate()` and
// `processIdentifier` are used, and the exit status is kept under the mutex.
final class RunningKubectl: @unchecked Sendable {
    let process: Process
    let stdoutPath: String
    let stderrPath: String
    private let exited = ExitState()

    /// The exit status once known, and who waits for it (a class: a `Mutex` cannot be captured by closures).
    final class ExitState: Sendable {
        let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Void, Never>])>((nil, []))

        func withLock<T>(_ body: (inout (status: Int32?, waiters: [CheckedContinuation<Void, Never>])) -> T) -> T {
            state.withLock { body(&$0) }
        }
    }

    init(arguments: [String], folder: String) throws {
        let id = UUID().uuidString
        stdoutPath = folder + "/\(id).out"
        stderrPath = folder + "/\(id).err"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: KubectlHarness.kubectl)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder
        environment.removeValue(forKey: "KUBECONFIG")
        process.environment = environment
        self.process = process
        let exited = self.exited
        process.terminationHandler = { finished in
            let waiters = exited.withLock { state in
                state.status = finished.terminationStatus
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        try process.run()
    }

    /// What it has printed so far.
    var output: String {
        (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
    }

    var errors: String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    /// Polls `condition` on the output until it holds or `timeout` passes.
    func waitForOutput(timeout: Duration = .seconds(30), _ condition: (String) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(output) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition(output)
    }

    /// Ends the process (SIGTERM) and returns what it printed.
    func stop() async throws -> KubectlResult {
        if process.isRunning { process.terminate() }
        return try await finish(within: .seconds(10))
    }

    func finish(within timeout: Duration) async throws -> KubectlResult {
        let killer = Task { [process] in
            try await Task.sleep(for: timeout)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = exited.withLock { state -> Bool in
                if state.status != nil { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        killer.cancel()
        return KubectlResult(status: exited.withLock { $0.status } ?? -1, stdout: output, stderr: errors)
    }
}
