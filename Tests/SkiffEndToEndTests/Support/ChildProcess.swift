import Dispatch
import Foundation
import Synchronization

/// A child process started with Foundation's `Process`, its output going to files (pipes could fill up and
/// block a chatty daemon), its exit reported without blocking a cooperative thread.
final class ChildProcess: Sendable {
    /// How a process ended.
    enum Exit: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The shell's convention: the exit status, or 128 plus the signal.
        var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        }
    }

    let arguments: [String]
    let stdoutPath: String
    let stderrPath: String
    let pid: Int32
    private let outcome = Outcome()

    /// The exit once known, and who waits for it; a class so that the termination handler can share it.
    private final class Outcome: Sendable {
        private struct State {
            var exit: Exit?
            var waiters: [CheckedContinuation<Exit, Never>] = []
        }

        private let state = Mutex(State())

        var exit: Exit? { state.withLock { $0.exit } }

        func finish(_ exit: Exit) {
            let waiters = state.withLock { state in
                state.exit = exit
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: exit) }
        }

        func wait() async -> Exit {
            await withCheckedContinuation { continuation in
                let ended = state.withLock { state -> Exit? in
                    if state.exit == nil { state.waiters.append(continuation) }
                    return state.exit
                }
                if let ended { continuation.resume(returning: ended) }
            }
        }
    }

    /// Starts `executable` with `arguments`, `environment` added to this process's environment.
    init(
        executable: String,
        arguments: [String],
        environment: [String: String] = [:],
        currentDirectory: String? = nil,
        stdoutPath: String,
        stderrPath: String
    ) throws {
        self.arguments = [executable] + arguments
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
            FileManager.default.createFile(atPath: stderrPath, contents: nil)
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: stdoutPath])
        }
        let outcome = self.outcome
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.terminationHandler = { finished in
            let result: Exit =
                finished.terminationReason == .uncaughtSignal
                ? .signalled(finished.terminationStatus) : .exited(finished.terminationStatus)
            outcome.finish(result)
        }
        try process.run()
        pid = process.processIdentifier
    }

    /// The exit, if the process has ended.
    var exitIfEnded: Exit? { outcome.exit }

    /// Waits for the process to end.
    func waitForExit() async -> Exit {
        await outcome.wait()
    }

    /// Sends `signal` to the process (if it is still running).
    func send(_ signal: Int32) {
        guard exitIfEnded == nil else { return }
        kill(pid, signal)
    }

    /// What the process has written to standard output so far.
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    /// What the process has written to standard error so far.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}
