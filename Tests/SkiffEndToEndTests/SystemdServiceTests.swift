import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif
#if canImport(CDispatch)
// Glibc's `stat` and `timespec` are owned by the CDispatch clang module once Dispatch is loaded.
import CDispatch
#endif

/// skiffd's behaviour as a systemd service besides sd_notify: reloading the configuration on SIGHUP, logging for
/// journald, the socket's mode and group, `--version`, and the unit file itself.
struct SystemdServiceTests {
    /// Runs skiffd on `root` with `configuration` as its file and no `--log-level` flag (so the file's level
    /// rules), standard error going to a file that `$JOURNAL_STREAM` names when `journal` is set.
    private final class Run {
        let process: Process
        let stderrPath: String
        let configPath: String
        let socket: String

        /// - Parameter manifestsFlag: false leaves the manifests folder to the configuration file (so a reload
        ///   can move it).
        init(root: String, configuration: String, journal: Bool, manifestsFlag: Bool = true) throws {
            configPath = root + "/skiffd.yaml"
            stderrPath = root + "/stderr"
            socket = root + "/s/sock"
            try DaemonHarness.write(configuration, to: configPath)
            FileManager.default.createFile(atPath: stderrPath, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
            var status = stat()
            guard stat(stderrPath, &status) == 0 else { throw DaemonHarness.Failure(description: "stat failed") }
            var environment = ProcessInfo.processInfo.environment
            environment["JOURNAL_STREAM"] = journal ? "\(status.st_dev):\(status.st_ino)" : nil
            process = Process()
            process.executableURL = URL(fileURLWithPath: try ProductLocator.path(of: "skiffd"))
            process.arguments =
                ["--config", configPath, "--state-dir", root + "/s", "--socket", socket]
                + (manifestsFlag ? ["--manifests", root + "/m"] : [])
                // Tests run in parallel: no HTTPS listener on the shared default port 6443.
                + ["--listen", "none"]
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = handle
            try process.run()
        }

        var log: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        func waitUntilReady() async -> Bool {
            await Eventually.poll {
                UnixSocketProbe.status(socket: socket, get: "/readyz") == 200 || !process.isRunning
            }
                && process.isRunning
        }

        func stop() async -> Int32? {
            process.terminate()
            let process = self.process
            guard await Eventually.poll(timeout: .seconds(30), { !process.isRunning }) else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    @Test func sighupReloadsTheLogLevelAndJournalLinesHaveNoTimestamps() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Run(root: root, configuration: "logLevel: info\n", journal: true)
        #expect(await run.waitUntilReady(), "\(run.log)")
        // Under journald: `<6>info skiffd: ...`, a syslog priority and no timestamp of our own.
        let lines = run.log.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines where line.hasPrefix("<") {
            #expect(
                line.range(
                    of: #"^<[0-7]>(trace|debug|info|notice|warning|error|critical) "#,
                    options: .regularExpression
                ) != nil,
                "\(line)"
            )
            #expect(line.range(of: #"\d{4}-\d{2}-\d{2}T"#, options: .regularExpression) == nil, "\(line)")
        }
        #expect(lines.contains { $0.hasPrefix("<6>info skiffd: ") }, "\(run.log)")
        #expect(!run.log.contains("debug logging is on"))

        // Debug on, and a setting that needs a restart.
        try DaemonHarness.write("logLevel: debug\nworkers: 3\n", to: run.configPath)
        kill(run.process.processIdentifier, SIGHUP)
        #expect(await Eventually.poll { run.log.contains("<7>debug skiffd: debug logging is on") }, "\(run.log)")
        #expect(run.log.contains("reload: workers changed; the change takes effect when skiffd restarts"), "\(run.log)")

        // A broken file changes nothing and the daemon keeps serving.
        try DaemonHarness.write("logLevel: loud\n", to: run.configPath)
        kill(run.process.processIdentifier, SIGHUP)
        #expect(
            await Eventually.poll { run.log.contains("reload failed, the running configuration stays in force") },
            "\(run.log)"
        )
        #expect(UnixSocketProbe.status(socket: run.socket, get: "/readyz") == 200)
        #expect(await run.stop() == 0, "\(run.log)")
    }

    @Test func sighupMovesTheManifestsFolderAndReconfiguresTheLocalNode() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let namespace = { (name: String) in "apiVersion: v1\nkind: Namespace\nmetadata: {name: \(name)}\n" }
        try DaemonHarness.write(namespace("shared") + "---\n" + namespace("only-in-a"), to: root + "/a/ns.yaml")
        try DaemonHarness.write(namespace("shared") + "---\n" + namespace("only-in-b"), to: root + "/b/ns.yaml")
        let first = "logLevel: info\nmanifests: \(root)/a\nnode:\n  name: box\n  labels: {pool: a}\n"
        let run = try Run(root: root, configuration: first, journal: false, manifestsFlag: false)
        #expect(await run.waitUntilReady(), "\(run.log)")
        let socket = run.socket
        let ctl = (
            json: { (arguments: String...) async throws -> JSON in
                let result = try await Skiffctl.run(
                    arguments + ["-o", "json"], environment: ["SKIFF_SOCKET": socket], scratch: root)
                guard result.succeeded else { throw DaemonHarness.Failure(description: "\(result)") }
                return try JSON(parsing: result.stdout)
            }, ()
        )
        func names() async throws -> [String] {
            try await ctl.json("get", "namespaces")["items"].array?.compactMap { $0["metadata"]["name"].string } ?? []
        }
        let sharedUID = try await ctl.json("get", "namespace", "shared")["metadata"]["uid"].string
        #expect(try await names().contains("only-in-a"))
        #expect(try await ctl.json("get", "node", "box")["metadata"]["labels"]["pool"].string == "a")

        try DaemonHarness.write(
            "logLevel: info\nmanifests: \(root)/b\nnode:\n  name: box\n  labels: {pool: b}\n  maxPods: 7\n",
            to: run.configPath
        )
        kill(run.process.processIdentifier, SIGHUP)
        #expect(
            await Eventually.poll {
                let current = (try? await names()) ?? []
                return current.contains("only-in-b") && !current.contains("only-in-a")
            },
            "\(run.log)"
        )
        // Declared in both folders: kept (same uid), now from the new folder.
        let shared = try await ctl.json("get", "namespace", "shared")
        #expect(shared["metadata"]["uid"].string == sharedUID)
        #expect(
            await Eventually.poll {
                let node = try? await ctl.json("get", "node", "box")
                return node?["metadata"]["labels"]["pool"].string == "b" && node?["status"]["capacity"]["pods"].string == "7"
            },
            "\(run.log)"
        )
        #expect(run.log.contains("reload: now watching \(root)/b"), "\(run.log)")
        // The new folder is watched: a new file there applies.
        try DaemonHarness.write(namespace("late"), to: root + "/b/late.yaml")
        #expect(await Eventually.poll { ((try? await names()) ?? []).contains("late") }, "\(run.log)")

        // Renaming the node needs a restart, and a folder that does not exist keeps the current one.
        try DaemonHarness.write("logLevel: info\nmanifests: \(root)/missing\nnode:\n  name: other\n", to: run.configPath)
        kill(run.process.processIdentifier, SIGHUP)
        #expect(await Eventually.poll { run.log.contains("takes effect when skiffd restarts") }, "\(run.log)")
        #expect(run.log.contains("cannot watch \(root)/missing"), "\(run.log)")
        #expect(try await names().contains("late"))
        #expect(await run.stop() == 0, "\(run.log)")
    }

    @Test func logLinesOutsideJournaldHaveTimestamps() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Run(root: root, configuration: "logLevel: info\n", journal: false)
        #expect(await run.waitUntilReady(), "\(run.log)")
        let first = try #require(run.log.split(separator: "\n").first)
        #expect(
            first.range(
                of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} info skiffd: "#,
                options: .regularExpression
            ) != nil,
            "\(first)"
        )
        #expect(await run.stop() == 0)
    }

    @Test func socketIsGroupReadWritableOnly() async throws {
        // A group other than ours when we may choose one (root), else our own.
        let ownGroup = getegid()
        var chosen: (name: String, id: gid_t)?
        if geteuid() == 0 {
            for name in ["nogroup", "daemon", "adm", "users"] {
                if let entry = getgrnam(name), entry.pointee.gr_gid != ownGroup {
                    chosen = (name, entry.pointee.gr_gid)
                    break
                }
            }
        }
        let configuration = chosen.map { "socketGroup: \($0.name)\n" } ?? "# default group\n"
        try await DaemonHarness.with(configuration: configuration) { daemon in
            var status = stat()
            #expect(stat(daemon.socket, &status) == 0)
            #expect(status.st_mode & 0o7777 == 0o660, "mode \(String(status.st_mode & 0o7777, radix: 8))")
            #expect(status.st_gid == (chosen?.id ?? ownGroup))
        }
    }

    @Test func unknownSocketGroupStopsTheDaemonWithAMessage() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try DaemonHarness.start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            configuration: "socketGroup: no-such-group-skiff\n"
        )
        let exit = await daemon.process.waitForExit()
        #expect(exit == .exited(1), "\(daemon.log)")
        #expect(
            daemon.log.contains("socketGroup: no group named \"no-such-group-skiff\" on this machine"),
            "\(daemon.log)"
        )
    }

    @Test func versionFlag() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let process = try ChildProcess(
            executable: try ProductLocator.path(of: "skiffd"),
            arguments: ["--version"],
            stdoutPath: root + "/out",
            stderrPath: root + "/err"
        )
        #expect(await process.waitForExit() == .exited(0))
        #expect(process.stdout.hasPrefix("skiffd 0.1.0 (Kubernetes API v1.32)"), "\(process.stdout)")
    }

    /// The repository's `config/skiffd.service`.
    static let unitPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/skiffd.service").path

    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs `systemd-analyze verify` on the unit text (as `skiffd.service` in a temporary folder, ExecStart pointed
    /// at the built skiffd since verify checks it is executable); returns everything it printed.
    private func verify(_ text: String) async throws -> (status: Int32, output: String) {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let unit = text.replacingOccurrences(of: "/usr/local/bin/skiffd", with: try ProductLocator.path(of: "skiffd"))
        try DaemonHarness.write(unit, to: root + "/skiffd.service")
        let process = try ChildProcess(
            executable: try #require(Self.systemdAnalyze),
            arguments: ["verify", root + "/skiffd.service"],
            stdoutPath: root + "/out",
            stderrPath: root + "/err"
        )
        let exit = await process.waitForExit()
        return (exit.status, process.stdout + process.stderr)
    }

    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed"))
    func unitPassesSystemdAnalyzeVerifySilently() async throws {
        let text = try String(contentsOfFile: Self.unitPath, encoding: .utf8)
        let result = try await verify(text)
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
        // The check is worth something: a misspelt key is only a warning (exit 0), but it prints.
        let misspelt = try await verify(text.replacingOccurrences(of: "WatchdogSec=", with: "WatchDogSec="))
        #expect(!misspelt.output.isEmpty)
    }

    @Test func unitHasTheSettingsTheDaemonReliesOn() throws {
        let lines = Set(
            try String(contentsOfFile: Self.unitPath, encoding: .utf8).split(separator: "\n").map(String.init)
        )
        for setting in [
            "Type=notify", "NotifyAccess=main", "KillMode=process", "Delegate=yes", "Restart=on-failure",
            "StateDirectory=skiff", "ConfigurationDirectory=skiff", "RuntimeDirectory=skiff",
            "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectKernelTunables=yes",
            "ExecStart=/usr/local/bin/skiffd --config /etc/skiff/skiffd.yaml", "ExecReload=/bin/kill -HUP $MAINPID",
        ] {
            #expect(lines.contains(setting), "missing \(setting)")
        }
        #expect(lines.contains { $0.hasPrefix("WatchdogSec=") })
    }
}
