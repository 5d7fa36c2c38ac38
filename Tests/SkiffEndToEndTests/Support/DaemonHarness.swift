import Foundation
import Testing

/// One real `skiffd` on a fresh temporary folder (`/tmp/skf-XXXXXX` with `m/` for manifests and `s/` for state
/// and the socket, short enough for the 108-byte socket path limit), driven through the real `skiffctl`.
///
/// Use ``with(files:_:)``: it starts the daemon, waits for `/readyz`, runs the test body, and always stops the
/// daemon with SIGTERM and checks that it exited 0 and removed its socket, whether the body passed or threw.
final class DaemonHarness: Sendable {
    /// The temporary folder holding everything of this daemon.
    let root: String
    /// The watched manifests folder.
    let manifests: String
    /// The state directory.
    let stateDir: String
    /// The API's Unix socket.
    let socket: String
    /// The running daemon.
    let process: ChildProcess

    /// A condition that did not come true before its deadline, or a daemon that misbehaved.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts a daemon on a fresh folder holding `files` and `binaryFiles` (relative path to contents), runs
    /// `body` once it is ready, then stops it and checks a clean exit.
    static func with(
        files: [String: String] = [:],
        binaryFiles: [String: [UInt8]] = [:],
        configuration: String = "# every setting at its default; the flags give the folders\n",
        environment: (_ root: String) throws -> [String: String] = { _ in [:] },
        extraArguments: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (DaemonHarness) async throws -> Void
    ) async throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, text) in files {
            try write(text, to: root + "/m/" + path)
        }
        for (path, bytes) in binaryFiles {
            try write(bytes, to: root + "/m/" + path)
        }
        let daemon = try start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            configuration: configuration,
            environment: try environment(root),
            extraArguments: extraArguments
        )
        var failure: (any Error)?
        do {
            try await daemon.waitUntilReady()
            try await body(daemon)
        } catch {
            failure = error
        }
        let exit = await daemon.stop()
        #expect(
            exit == .exited(0),
            "skiffd did not exit 0 on SIGTERM; log:\n\(daemon.log)",
            sourceLocation: sourceLocation
        )
        #expect(
            !FileManager.default.fileExists(atPath: daemon.socket),
            "skiffd left its socket \(daemon.socket) behind",
            sourceLocation: sourceLocation
        )
        if let failure {
            throw Failure(description: "\(failure)\n--- skiffd log (tail):\n\(daemon.logTail)")
        }
    }

    /// Starts a daemon on `root` (which must hold `m/`) without waiting for it; the caller stops it. The HTTPS
    /// listener is off (`--listen none`: tests run in parallel and must not share port 6443) unless
    /// `extraArguments` has a `--listen` of its own (the kubectl tests use `--listen 127.0.0.1:0`).
    static func start(
        root: String,
        stateDir: String,
        socket: String,
        configuration: String = "# every setting at its default; the flags give the folders\n",
        environment: [String: String] = [:],
        extraArguments: [String] = []
    ) throws -> DaemonHarness {
        let executable = try ProductLocator.path(of: "skiffd")
        let logs = root + "/logs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        try write(configuration, to: logs + "/skiffd.yaml")
        let process = try ChildProcess(
            executable: executable,
            arguments: [
                "--manifests", root + "/m", "--state-dir", stateDir, "--socket", socket, "--log-level", "debug",
                // An empty configuration file of its own: /etc/skiff/skiffd.yaml must never leak into a test.
                "--config", logs + "/skiffd.yaml",
            ] + (extraArguments.contains("--listen") ? [] : ["--listen", "none"]) + extraArguments,
            environment: environment,
            stdoutPath: logs + "/stdout",
            stderrPath: logs + "/stderr"
        )
        return DaemonHarness(root: root, stateDir: stateDir, socket: socket, process: process)
    }

    private init(root: String, stateDir: String, socket: String, process: ChildProcess) {
        self.root = root
        self.manifests = root + "/m"
        self.stateDir = stateDir
        self.socket = socket
        self.process = process
    }

    /// Creates `/tmp/skf-XXXXXX` with an empty `m/`.
    static func makeTemporaryFolder() throws -> String {
        var template = Array("/tmp/skf-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(description: "mkdtemp failed: errno \(errno)") }
        let root = String(cString: made)
        try FileManager.default.createDirectory(atPath: root + "/m", withIntermediateDirectories: true)
        return root
    }

    // MARK: - Life cycle

    /// Polls `/readyz` until it answers 200; fails at once if the daemon exits.
    func waitUntilReady(timeout: Duration = Eventually.defaultTimeout) async throws {
        var exited: ChildProcess.Exit?
        let ready = await Eventually.poll(timeout: timeout) {
            if let exit = process.exitIfEnded {
                exited = exit
                return true
            }
            return UnixSocketProbe.status(socket: socket, get: "/readyz") == 200
        }
        if let exited {
            throw Failure(description: "skiffd exited (\(exited)) before it was ready; log:\n\(log)")
        }
        guard ready else { throw Failure(description: "skiffd was not ready within \(timeout); log:\n\(logTail)") }
    }

    /// Sends SIGTERM and waits for the exit; a daemon still running after a generous deadline is killed so that
    /// no test leaves a process behind (and the exit then says SIGKILL).
    func stop(timeout: Duration = .seconds(30)) async -> ChildProcess.Exit {
        process.send(SIGTERM)
        let process = self.process
        let exited = await Eventually.poll(timeout: timeout) { process.exitIfEnded != nil }
        if !exited { process.send(SIGKILL) }
        return await process.waitForExit()
    }

    /// The daemon's log so far.
    var log: String { process.stderr + process.stdout }

    /// The last lines of the daemon's log, for failure messages.
    var logTail: String { log.split(separator: "\n").suffix(40).joined(separator: "\n") }

    // MARK: - skiffctl

    /// Runs `skiffctl ARGUMENTS` against this daemon (through `$SKIFF_SOCKET`).
    func skiffctl(_ arguments: String...) async throws -> CommandResult {
        try await Skiffctl.run(arguments, environment: ["SKIFF_SOCKET": socket], scratch: root)
    }

    /// Runs `skiffctl ARGUMENTS` against this daemon (through `$SKIFF_SOCKET`).
    func skiffctl(_ arguments: [String]) async throws -> CommandResult {
        try await Skiffctl.run(arguments, environment: ["SKIFF_SOCKET": socket], scratch: root)
    }

    /// Runs `skiffctl ARGUMENTS`, requires exit 0, and returns standard output.
    func output(_ arguments: String...) async throws -> String {
        let result = try await skiffctl(arguments)
        guard result.succeeded else { throw Failure(description: "expected success: \(result)") }
        return result.stdout
    }

    /// Runs `skiffctl ARGUMENTS -o json`, requires exit 0, and parses the JSON.
    func json(_ arguments: String...) async throws -> JSON {
        let result = try await skiffctl(arguments + ["-o", "json"])
        guard result.succeeded else { throw Failure(description: "expected success: \(result)") }
        return try JSON(parsing: result.stdout)
    }

    // MARK: - Waiting

    /// Polls `condition` until it holds; throws, naming `what`, when the deadline passes.
    func eventually(
        _ what: String,
        timeout: Duration = Eventually.defaultTimeout,
        _ condition: () async throws -> Bool
    ) async throws {
        var lastError: (any Error)?
        let held = await Eventually.poll(timeout: timeout) {
            do {
                return try await condition()
            } catch {
                lastError = error
                return false
            }
        }
        guard held else {
            throw Failure(
                description: "timed out after \(timeout) waiting for: \(what)"
                    + (lastError.map { "\nlast error: \($0)" } ?? "")
            )
        }
    }

    /// Waits until `get KIND NAME -o json` answers and `condition` holds on the object.
    @discardableResult
    func eventuallyObject(
        _ kind: String,
        _ name: String,
        namespace: String? = nil,
        _ what: String,
        _ condition: (JSON) -> Bool
    ) async throws -> JSON {
        var last: JSON?
        var lastResult: CommandResult?
        do {
            try await eventually("\(kind)/\(name): \(what)") {
                let scope = namespace.map { ["-n", $0] } ?? []
                let result = try await skiffctl(["get", kind, name, "-o", "json"] + scope)
                lastResult = result
                guard result.succeeded, let object = try? JSON(parsing: result.stdout) else { return false }
                last = object
                return condition(object)
            }
        } catch let failure as Failure {
            throw Failure(description: failure.description + "\nlast answer: " + (lastResult.map { "\($0)" } ?? "none"))
        }
        return last ?? JSON.null
    }

    /// Waits until `get KIND NAME` fails with kubectl's NotFound error.
    func eventuallyGone(_ kind: String, _ name: String, namespace: String? = nil) async throws {
        try await eventually("\(kind)/\(name) to be gone") {
            let result = try await skiffctl(["get", kind, name] + (namespace.map { ["-n", $0] } ?? []))
            return result.status == 1 && result.stderr.contains("NotFound")
        }
    }

    /// The `Ready` condition of a `get KIND NAME -o json` answer.
    static func readyCondition(_ object: JSON) -> JSON? {
        object["status"]["conditions"].array?.first { $0["type"].string == "Ready" }
    }

    /// Waits until the object's `Ready` condition has `status` and `reason`; returns the condition.
    @discardableResult
    func eventuallyReady(
        _ kind: String,
        _ name: String,
        status: String,
        reason: String
    ) async throws -> JSON {
        let object = try await eventuallyObject(kind, name, "Ready=\(status) reason \(reason)") { object in
            let ready = Self.readyCondition(object)
            return ready?["status"].string == status && ready?["reason"].string == reason
        }
        return Self.readyCondition(object) ?? .null
    }

    // MARK: - Files

    /// Writes `text` to `path` (relative to the manifests folder) in place: truncate and write, as `echo >`
    /// does; creates missing folders.
    func write(_ path: String, _ text: String) throws {
        try Self.write(text, to: manifests + "/" + path)
    }

    /// Writes bytes in place.
    func write(_ path: String, bytes: [UInt8]) throws {
        try Self.write(bytes, to: manifests + "/" + path)
    }

    /// Writes `text` as an editor saves: to a temporary file beside the target, then renamed over it.
    func writeLikeAnEditor(_ path: String, _ text: String, temporaryName: String? = nil) throws {
        let full = manifests + "/" + path
        let folder = (full as NSString).deletingLastPathComponent
        let temporary = folder + "/" + (temporaryName ?? ".\((full as NSString).lastPathComponent).tmp")
        try Self.write(text, to: temporary)
        guard Foundation.rename(temporary, full) == 0 else {
            throw Failure(description: "rename \(temporary) -> \(full) failed: errno \(errno)")
        }
    }

    /// Deletes a file or folder under the manifests folder.
    func remove(_ path: String) throws {
        try FileManager.default.removeItem(atPath: manifests + "/" + path)
    }

    /// Renames within the manifests folder.
    func rename(_ from: String, to: String) throws {
        guard Foundation.rename(manifests + "/" + from, manifests + "/" + to) == 0 else {
            throw Failure(description: "rename \(from) -> \(to) failed: errno \(errno)")
        }
    }

    /// Writes a file in place, creating its folder.
    static func write(_ text: String, to full: String) throws {
        try write(Array(text.utf8), to: full)
    }

    /// Writes a file in place (truncate, write, close: one `IN_CLOSE_WRITE`), creating its folder.
    static func write(_ bytes: [UInt8], to full: String) throws {
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        let handle = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard handle >= 0 else { throw Failure(description: "cannot open \(full): errno \(errno)") }
        defer { close(handle) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(handle, $0.baseAddress! + written, $0.count - written) }
            guard n > 0 else { throw Failure(description: "cannot write \(full): errno \(errno)") }
            written += n
        }
    }
}
