import Foundation
import Synchronization

/// What the daemon knows about its HTTPS listener once it runs: the bound port (the asked one, or the one the
/// kernel picked for port 0), and from it the kubeconfig the Unix socket hands out.
public final class HTTPSListenerState: Sendable {
    /// The listen host as configured (`127.0.0.1`, `::1`, `localhost`…).
    public let host: String
    public let certificates: CertificateAuthority
    public let tokens: TokenStore
    private let boundPort = Mutex<Int?>(nil)

    public init(host: String, certificates: CertificateAuthority, tokens: TokenStore) {
        self.host = host
        self.certificates = certificates
        self.tokens = tokens
    }

    /// The port the listener is bound to, nil until it runs.
    public var port: Int? { boundPort.withLock { $0 } }

    /// Records the bound port (from `onServerRunning`).
    public func running(port: Int) {
        boundPort.withLock { $0 = port }
    }

    /// `https://HOST:PORT`, nil until the listener runs.
    public var serverURL: String? { port.map { Kubeconfig.serverURL(host: host, port: $0) } }

    /// The kubeconfig for `role`, nil until the listener runs.
    public func kubeconfig(role: TokenRole) -> Kubeconfig? {
        guard let serverURL else { return nil }
        return Kubeconfig(
            server: serverURL,
            certificateAuthorityPEM: certificates.caCertificatePEM,
            token: tokens.token(for: role),
            user: role == .admin ? "skiff-admin" : "skiff-read-only"
        )
    }

    /// The `GET /skiff/v1/kubeconfig` route: `?readOnly=true` for the read-only token, `?format=yaml` for YAML
    /// (default JSON, a valid kubeconfig too); 503 while the listener is not yet running.
    public func route(_ query: [String: String]) -> APIResponse {
        let role: TokenRole = ["true", "1", "yes"].contains(query["readOnly"]?.lowercased() ?? "") ? .readOnly : .admin
        guard let document = kubeconfig(role: role) else {
            return .failure(APIStatus(code: 503, reason: "ServiceUnavailable", message: "the HTTPS listener is not running yet"))
        }
        if query["format"]?.lowercased() == "yaml" {
            return .text(status: 200, body: document.yaml)
        }
        return .json(status: 200, body: document.json)
    }

    /// The route to give the Unix socket's handler when the listener is off (`--listen none`).
    public static func disabledRoute(_ query: [String: String]) -> APIResponse {
        .failure(
            APIStatus(
                code: 404,
                reason: "NotFound",
                message: "the HTTPS listener is off (--listen none / api.listen: none): there is no kubeconfig"
            )
        )
    }
}
