import Foundation
import SkiffControllers

/// Where skiffd's settings come from: the configuration file (if any), then the flags on top. Kept as a value so
/// that a SIGHUP reload reads the same file and applies the same flags again (flags keep winning).
struct ConfigurationSource: Sendable {
    /// The `--config` flag.
    var configPath: String?
    var manifests: String?
    var stateDir: String?
    var socket: String?
    var logLevel: String?
    /// `--listen HOST:PORT` or `none` (the HTTPS listener).
    var listen: String? = nil

    /// The file read: `--config`, else the default path when it exists.
    var file: String? {
        configPath
            ?? (FileManager.default.fileExists(atPath: Skiffd.defaultConfigPath) ? Skiffd.defaultConfigPath : nil)
    }

    /// Reads the file and applies the flags.
    func resolve() throws -> DaemonConfiguration {
        var settings = DaemonConfiguration()
        if let path = file {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError(errors: [
                    FieldError(file: path, mark: .none, path: "", message: "cannot read the configuration file")
                ])
            }
            settings = try DaemonConfiguration.parse(text, file: path)
        }
        if let manifests { settings.manifests = manifests }
        if let stateDir { settings.stateDir = stateDir }
        if let socket { settings.socket = socket }
        if let listen {
            switch DaemonConfiguration.ListenAddress.parse(listen) {
            case .success(let address): settings.api.listen = address
            case .failure(let error):
                throw ConfigurationError(errors: [
                    FieldError(file: "--listen", mark: .none, path: "", message: "invalid value \"\(listen)\": \(error.message)")
                ])
            }
        }
        if let logLevel {
            guard DaemonConfiguration.logLevels.contains(logLevel) else {
                throw ConfigurationError(errors: [
                    FieldError(
                        file: "--log-level",
                        mark: .none,
                        path: "",
                        message: "unsupported value \"\(logLevel)\": supported values: "
                            + DaemonConfiguration.logLevels.joined(separator: ", ")
                    )
                ])
            }
            settings.logLevel = logLevel
        }
        return settings
    }
}
