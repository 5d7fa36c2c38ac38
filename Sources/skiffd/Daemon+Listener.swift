import Foundation
import Logging
import ServiceLifecycle
import SkiffControllers
import SkiffServer

extension Daemon {
    /// Checks the listen address and loads (at first start: creates) the CA, the server certificate and the
    /// bearer tokens in the state directory; nil with `--listen none`.
    static func prepareListener(_ configuration: DaemonConfiguration, logger: Logger) throws -> HTTPSListenerState? {
        guard let listen = configuration.api.listen else {
            logger.info("HTTPS listener off (api.listen: none)")
            return nil
        }
        if let refusal = configuration.api.refusal { throw DaemonError(description: refusal) }
        do {
            let certificates = try CertificateAuthority.loadOrCreate(
                directory: configuration.stateDir + "/tls",
                hosts: [listen.host]
            )
            if certificates.createdAuthority {
                logger.notice("created the API's certificate authority in \(configuration.stateDir)/tls")
            }
            if certificates.issuedServerCertificate {
                logger.notice(
                    "issued the API's server certificate for \(listen.host) and localhost, valid until \(certificates.serverCertificateExpiry)"
                )
            }
            let tokens = try TokenStore.loadOrCreate(directory: configuration.stateDir + "/tokens")
            return HTTPSListenerState(host: listen.host, certificates: certificates, tokens: tokens)
        } catch let failure as CertificateAuthority.Failure {
            throw DaemonError(description: failure.description)
        } catch {
            throw DaemonError(description: "cannot prepare the API's certificates in \(configuration.stateDir)/tls: \(error)")
        }
    }

    /// The Unix socket's handler with `GET /skiff/v1/kubeconfig` (the HTTPS listener's copy drops it).
    static func servingKubeconfig(_ listener: HTTPSListenerState?, on handler: APIHandler) -> APIHandler {
        var handler = handler
        if let listener {
            handler.kubeconfig = { query in listener.route(query) }
        } else {
            handler.kubeconfig = { query in HTTPSListenerState.disabledRoute(query) }
        }
        return handler
    }

    /// The HTTPS listener as a service (none with `--listen none`). Once bound it records its port and writes
    /// `https://HOST:PORT` to `<stateDir>/api-endpoint`, for scripts and tests using port 0.
    func listenerServices() throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let listener, let listen = configuration.api.listen else { return [] }
        let endpointFile = configuration.stateDir + "/api-endpoint"
        let logger = self.logger
        let application: any Service
        do {
            application = try server.tlsApplication(
                host: listen.host,
                port: listen.port,
                certificates: listener.certificates,
                tokens: listener.tokens,
                onServerRunning: { port in
                    listener.running(port: port)
                    let url = listener.serverURL ?? ""
                    try? (url + "\n").write(toFile: endpointFile, atomically: true, encoding: .utf8)
                    logger.info("HTTPS API listening on \(url) (skiffctl kubeconfig prints a kubeconfig for kubectl)")
                }
            )
        } catch {
            throw DaemonError(description: "cannot set up TLS for the API listener: \(error)")
        }
        return [
            .init(service: ListenerService(application: application, address: listen.description, endpointFile: endpointFile))
        ]
    }
}

/// Runs the HTTPS application, turning a failure to bind into a message that names the address and the setting.
struct ListenerService: Service, CustomStringConvertible {
    let application: any Service
    let address: String
    /// `<stateDir>/api-endpoint`, removed once the listener has stopped (a stale one would name a dead port).
    let endpointFile: String

    var description: String { "HTTPSListener(\(address))" }

    func run() async throws {
        defer { try? FileManager.default.removeItem(atPath: endpointFile) }
        do {
            try await application.run()
        } catch {
            throw DaemonError(
                description: "cannot serve the API on \(address): \(error) (choose another with --listen HOST:PORT or "
                    + "api.listen, or turn it off with --listen none)"
            )
        }
    }
}
