import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffControllers
import SkiffServer

/// `skiffd`: the daemon. Parses arguments, reads the configuration, wires the control plane and the API, and
/// runs until SIGTERM or SIGINT.
@main
struct Skiffd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skiffd",
        abstract: "Reconcile a folder of Kubernetes and Azure ML manifests on this machine.",
        version: SkiffdVersion.description
    )

    static let defaultConfigPath = "/etc/skiff/skiffd.yaml"

    @Option(name: .long, help: "Configuration file (default \(Skiffd.defaultConfigPath) when it exists).")
    var config: String?

    @Option(name: .long, help: "The watched folder of manifests.")
    var manifests: String?

    @Option(name: .customLong("state-dir"), help: "Where observed state lives.")
    var stateDir: String?

    @Option(name: .long, help: "The API's Unix socket.")
    var socket: String?

    @Option(
        name: .long,
        help: "The HTTPS listener for kubectl: HOST:PORT (default 127.0.0.1:6443; port 0 picks a free one) or none."
    )
    var listen: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Flag(
        name: .customLong("rebuild-state"),
        help: "Move the state database aside and rebuild the state from the manifests folder (after a corrupt database)."
    )
    var rebuildState = false

    func run() async throws {
        // First: systemd's variables are read and removed before any thread could start a process.
        let notifier = SystemdNotifier.fromEnvironment()
        let source = ConfigurationSource(
            configPath: config,
            manifests: manifests,
            stateDir: stateDir,
            socket: socket,
            logLevel: logLevel,
            listen: listen
        )
        let settings: DaemonConfiguration
        do {
            settings = try source.resolve()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("skiffd: invalid configuration:\n\(error)\n".utf8))
            throw ExitCode(2)
        }
        let levels = LogLevelBox(Logger.Level(rawValue: settings.logLevel) ?? .info)
        let journal = DaemonLogHandler.stderrIsJournal()
        LoggingSystem.bootstrap { label in
            DaemonLogHandler(label: label, level: levels, journal: journal)
        }
        let logger = Logger(label: "skiffd")
        let registry = DaemonMetrics.bootstrap()
        do {
            let daemon = try Daemon(
                configuration: settings,
                logger: logger,
                support: DaemonSupport(
                    notifier: notifier,
                    source: source,
                    levels: levels,
                    metrics: registry
                ),
                rebuildState: rebuildState
            )
            try await daemon.run()
        } catch let error as DaemonError {
            logger.critical("\(error)")
            try? notifier.notify("STATUS=failed to start: \(error)")
            throw ExitCode(1)
        }
    }
}
