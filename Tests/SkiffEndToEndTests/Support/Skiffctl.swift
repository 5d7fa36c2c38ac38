import Foundation

/// Runs the real `skiffctl` executable.
enum Skiffctl {
    /// Runs `skiffctl ARGUMENTS` with `environment` added, in `directory` (default: a fresh scratch folder, so
    /// that a `.skiff/skiffd.sock` in the current folder never picks a daemon), and collects its output. With a
    /// deadline, a command still running after it is killed (its status then says SIGKILL: 137).
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        directory: String? = nil,
        scratch: String? = nil,
        killAfter deadline: Duration? = nil
    ) async throws -> CommandResult {
        let executable = try ProductLocator.path(of: "skiffctl")
        let base = scratch ?? NSTemporaryDirectory()
        let outputs = base + "/ctl-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outputs) }
        var environment = environment
        if environment["SKIFF_SOCKET"] == nil {
            // Never reach a daemon by accident (the system socket): commands without one must not need it.
            environment["SKIFF_SOCKET"] = outputs + "/no-daemon.sock"
        }
        let child = try ChildProcess(
            executable: executable,
            arguments: arguments,
            environment: environment,
            currentDirectory: directory ?? outputs,
            stdoutPath: outputs + "/stdout",
            stderrPath: outputs + "/stderr"
        )
        if let deadline {
            let ended = await Eventually.poll(timeout: deadline) { child.exitIfEnded != nil }
            if !ended { child.send(SIGKILL) }
        }
        let exit = await child.waitForExit()
        return CommandResult(
            command: ["skiffctl"] + arguments,
            status: exit.status,
            stdout: child.stdout,
            stderr: child.stderr
        )
    }
}
