import Foundation

/// A `skiffctl` command left running against the daemon (`logs -f`), read while it runs.
final class BackgroundSkiffctl: Sendable {
    let child: ChildProcess
    let command: [String]

    init(child: ChildProcess, command: [String]) {
        self.child = child
        self.command = command
    }

    /// What it has printed so far.
    var stdout: String { child.stdout }
    var stderr: String { child.stderr }

    /// Waits until its standard output contains `text`; throws with what it printed when the deadline passes.
    func waitForOutput(containing text: String, timeout: Duration = Eventually.defaultTimeout) async throws {
        let seen = await Eventually.poll(timeout: timeout) { child.stdout.contains(text) }
        guard seen else {
            throw DaemonHarness.Failure(
                description: "\(command.joined(separator: " ")) did not print \(text.debugDescription) in \(timeout); "
                    + "stdout: \(child.stdout.debugDescription), stderr: \(child.stderr.debugDescription)"
            )
        }
    }

    /// Waits for it to end by itself (a followed log ends when its container does).
    func waitForExit(timeout: Duration = Eventually.defaultTimeout) async -> ChildProcess.Exit? {
        _ = await Eventually.poll(timeout: timeout) { child.exitIfEnded != nil }
        return child.exitIfEnded
    }

    /// Interrupts it (as Ctrl-C) and waits for it to end.
    func stop() async -> ChildProcess.Exit {
        child.send(SIGINT)
        return await child.waitForExit()
    }
}

extension DaemonHarness {
    /// Starts `skiffctl ARGUMENTS` against this daemon without waiting for it to end (for `logs -f`).
    func startSkiffctl(_ arguments: String...) throws -> BackgroundSkiffctl {
        let folder = root + "/ctl-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let child = try ChildProcess(
            executable: try ProductLocator.path(of: "skiffctl"),
            arguments: arguments,
            environment: ["SKIFF_SOCKET": socket],
            currentDirectory: folder,
            stdoutPath: folder + "/stdout",
            stderrPath: folder + "/stderr"
        )
        return BackgroundSkiffctl(child: child, command: ["skiffctl"] + arguments)
    }
}
