import Foundation

/// The stock `kubectl` (`/usr/bin/kubectl`, v1.32) driven against one daemon's HTTPS listener: a kubeconfig from
/// `skiffctl kubeconfig` (the path a user takes), a cache folder of its own (discovery is cached per server), a
/// deadline on every command. Generic on purpose: scenario tests only say which arguments and what to expect.
struct Kubectl: Sendable {
    /// The kubectl executable (`$SKIFF_KUBECTL` overrides).
    static var executable: String {
        ProcessInfo.processInfo.environment["SKIFF_KUBECTL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/kubectl"
    }

    /// Whether kubectl is installed (tests are disabled, and say so, where it is not).
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// The kubeconfig file used (`0600`).
    let kubeconfig: String
    /// kubectl's `--cache-dir`.
    let cacheDir: String
    /// Where each command's output goes (a folder per command).
    let scratch: String
    /// The environment: `HOME` in the scratch folder (no `~/.kube` of the user leaks in), no `KUBECONFIG`.
    let environment: [String: String]

    /// How long a command may run before it is killed (its status then says SIGKILL: 137).
    static let defaultDeadline: Duration = .seconds(60)

    /// Writes `kubeconfigText` into `folder` and prepares a cache folder there.
    init(folder: String, kubeconfigText: String, name: String = "kubeconfig") throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        kubeconfig = folder + "/" + name
        cacheDir = folder + "/cache-" + name
        scratch = folder
        try DaemonHarness.write(kubeconfigText, to: kubeconfig)
        chmod(kubeconfig, 0o600)
        environment = ["HOME": folder, "KUBECONFIG": "", "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"]
    }

    /// Runs `kubectl --kubeconfig K --cache-dir D ARGUMENTS`.
    func run(_ arguments: String..., input: String? = nil, deadline: Duration = defaultDeadline) async throws -> CommandResult {
        try await run(arguments, input: input, deadline: deadline)
    }

    /// Runs `kubectl --kubeconfig K --cache-dir D ARGUMENTS`, `input` on its standard input (for `-f -`).
    func run(_ arguments: [String], input: String? = nil, deadline: Duration = defaultDeadline) async throws -> CommandResult {
        let outputs = scratch + "/kubectl-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outputs) }
        var full = ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir] + arguments
        if let input {
            // ChildProcess has no stdin pipe: the input goes through a file and the shell.
            try DaemonHarness.write(input, to: outputs + "/stdin")
            full = ["-c", "exec \"$0\" \"$@\" < '\(outputs)/stdin'", Self.executable] + full
        }
        let child = try ChildProcess(
            executable: input == nil ? Self.executable : "/bin/sh",
            arguments: full,
            environment: environment,
            currentDirectory: outputs,
            stdoutPath: outputs + "/stdout",
            stderrPath: outputs + "/stderr"
        )
        let ended = await Eventually.poll(timeout: deadline) { child.exitIfEnded != nil }
        if !ended { child.send(SIGKILL) }
        let exit = await child.waitForExit()
        return CommandResult(command: ["kubectl"] + arguments, status: exit.status, stdout: child.stdout, stderr: child.stderr)
    }

    /// Starts `kubectl --kubeconfig K --cache-dir D ARGUMENTS` without waiting for it to end (for `get -w`).
    func start(_ arguments: String...) throws -> BackgroundSkiffctl {
        let outputs = scratch + "/kubectl-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        let child = try ChildProcess(
            executable: Self.executable,
            arguments: ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir] + arguments,
            environment: environment,
            currentDirectory: outputs,
            stdoutPath: outputs + "/stdout",
            stderrPath: outputs + "/stderr"
        )
        return BackgroundSkiffctl(child: child, command: ["kubectl"] + arguments)
    }

    /// Runs a command that must succeed; returns its standard output.
    @discardableResult
    func output(_ arguments: String..., input: String? = nil) async throws -> String {
        let result = try await run(arguments, input: input)
        guard result.succeeded else { throw DaemonHarness.Failure(description: "expected success: \(result)") }
        return result.stdout
    }

    /// Runs `kubectl ARGUMENTS -o json`, requires success, and parses the JSON.
    func json(_ arguments: String...) async throws -> JSON {
        let result = try await run(arguments + ["-o", "json"])
        guard result.succeeded else { throw DaemonHarness.Failure(description: "expected success: \(result)") }
        return try JSON(parsing: result.stdout)
    }

    /// The same kubectl with another token in a kubeconfig of its own (wrong tokens, the read-only token).
    func with(token: String, name: String) throws -> Kubectl {
        let text = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        let replaced = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.trimmingCharacters(in: .whitespaces).hasPrefix("token:") ? "    token: \"\(token)\"" : String(line)
        }.joined(separator: "\n")
        return try Kubectl(folder: scratch, kubeconfigText: replaced, name: name)
    }
}
