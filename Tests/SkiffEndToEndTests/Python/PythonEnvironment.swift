import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A Python virtual environment with the official Kubernetes client (`kubernetes==37.0.2` from PyPI), made once
/// under `.build/python-venv` and reused (`$SKIFF_PYTHON_VENV` points elsewhere). Creation is serialized with a lock
/// file, since tests run in parallel.
enum PythonEnvironment {
    static let clientRequirement = "kubernetes==37.0.2"

    /// A failure to make the environment, with the command's output.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root (this file is `Tests/SkiffEndToEndTests/Python/PythonEnvironment.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static var venv: String {
        ProcessInfo.processInfo.environment["SKIFF_PYTHON_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot + "/.build/python-venv"
    }

    /// The venv's interpreter.
    static var python: String { venv + "/bin/python" }

    /// Whether a `python3` exists to make the environment from.
    static var hasPython: Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }

    /// The interpreter of a venv holding the client, made now if needed (a network install the first time).
    static func prepare() async throws -> String {
        try FileManager.default.createDirectory(
            atPath: (venv as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        let lock = open(venv + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw Failure(description: "cannot open \(venv).lock: errno \(errno)") }
        defer { close(lock) }
        // Wait for a parallel test making it (flock blocks a thread, not the cooperative pool, in a detached task).
        await Task.detached { _ = flock(lock, LOCK_EX) }.value
        defer { flock(lock, LOCK_UN) }

        if try await installedVersion() == "37.0.2" { return python }
        if !FileManager.default.isExecutableFile(atPath: python) {
            let made = try await run("/bin/sh", ["-c", "python3 -m venv \"$0\"", venv], deadline: .seconds(300))
            guard made.succeeded else {
                throw Failure(
                    description: "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv):\n\(made)"
                )
            }
        }
        let pip = try await run(
            python,
            ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", clientRequirement],
            deadline: .seconds(600)
        )
        guard pip.succeeded else { throw Failure(description: "pip install \(clientRequirement) failed:\n\(pip)") }
        guard try await installedVersion() == "37.0.2" else {
            throw Failure(description: "the kubernetes client is not importable after pip install")
        }
        return python
    }

    private static func installedVersion() async throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
        let result = try await run(python, ["-c", "import kubernetes; print(kubernetes.__version__)"], deadline: .seconds(120))
        return result.succeeded ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Runs a command to completion (killed after `deadline`) with its output in files.
    static func run(_ executable: String, _ arguments: [String], deadline: Duration) async throws -> CommandResult {
        let folder = NSTemporaryDirectory() + "/skiff-py-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let child = try ChildProcess(
            executable: executable,
            arguments: arguments,
            stdoutPath: folder + "/out",
            stderrPath: folder + "/err"
        )
        let ended = await Eventually.poll(timeout: deadline, interval: .milliseconds(100)) { child.exitIfEnded != nil }
        if !ended { child.send(SIGKILL) }
        let exit = await child.waitForExit()
        return CommandResult(command: [executable] + arguments, status: exit.status, stdout: child.stdout, stderr: child.stderr)
    }
}
