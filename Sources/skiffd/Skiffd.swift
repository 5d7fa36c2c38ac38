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
        abstract: "Reconcile a folder of Kubernetes and Azure ML manifests on this machine."
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

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Flag(
        name: .customLong("rebuild-state"),
        help: "Move the state database aside and rebuild the state from the manifests folder (after a corrupt database)."
    )
    var rebuildState = false

    func run() async throws {
        let settings: DaemonConfiguration
        do {
            settings = try resolvedConfiguration()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("skiffd: invalid configuration:\n\(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let journald = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            _ = journald
            return handler
        }
        var logger = Logger(label: "skiffd")
        logger.logLevel = level
        do {
            let daemon = try Daemon(configuration: settings, logger: logger, rebuildState: rebuildState)
            try await daemon.run()
        } catch let error as DaemonError {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
    }

    /// The configuration file's settings (if any), then the flags on top.
    private func resolvedConfiguration() throws -> DaemonConfiguration {
        var settings = DaemonConfiguration()
        let path = config ?? (FileManager.default.fileExists(atPath: Self.defaultConfigPath) ? Self.defaultConfigPath : nil)
        if let path {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError(errors: [FieldError(file: path, mark: .none, path: "", message: "cannot read the configuration file")])
            }
            settings = try DaemonConfiguration.parse(text, file: path)
        }
        if let manifests { settings.manifests = manifests }
        if let stateDir { settings.stateDir = stateDir }
        if let socket { settings.socket = socket }
        if let logLevel {
            guard DaemonConfiguration.logLevels.contains(logLevel) else {
                throw ConfigurationError(errors: [FieldError(file: "--log-level", mark: .none, path: "", message: "unsupported value \"\(logLevel)\": supported values: \(DaemonConfiguration.logLevels.joined(separator: ", "))")])
            }
            settings.logLevel = logLevel
        }
        return settings
    }
}
