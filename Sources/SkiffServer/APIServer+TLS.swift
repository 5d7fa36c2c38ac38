import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore

extension APIServer {
    /// The HTTPS listener kubectl and the Python client use: the same routes as the Unix socket behind the
    /// bearer-token check, HTTP/1.1 only over TLS 1.2 or later (no ALPN `h2`: the routes stream chunked HTTP/1.1
    /// bodies), on `host:port` (port 0 picks a free port, reported to `onServerRunning`).
    ///
    /// The Unix socket's handler may serve `/skiff/v1/kubeconfig`; this listener's copy never does.
    public func tlsApplication(
        host: String,
        port: Int,
        certificates: CertificateAuthority,
        tokens: TokenStore,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var handler = self.handler
        handler.kubeconfig = nil
        let tcp = APIServer(handler: handler, socketPath: socketPath, logger: logger)
        return Application(
            router: tcp.router(middleware: [BearerTokenMiddleware<BasicRequestContext>(tokens: tokens)]),
            server: try .tls(.http1(), tlsConfiguration: try Self.tlsConfiguration(certificates)),
            configuration: .init(address: .hostname(Self.bindHost(host), port: port), serverName: "skiffd"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// The server side of TLS: the server certificate alone (enough for clients holding the CA), TLS 1.2+.
    public static func tlsConfiguration(_ certificates: CertificateAuthority) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = []
        return configuration
    }

    /// NIO binds `[::1]` as `::1`.
    static func bindHost(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
