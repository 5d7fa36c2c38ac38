import Foundation

/// A kubeconfig for the HTTPS listener, which `kubectl` and the Python client use as it is: cluster `skiff`
/// (`server: https://HOST:PORT`, `certificate-authority-data`), a user holding the bearer token, context `skiff`
/// made the current one.
public struct Kubeconfig: Sendable, Hashable {
    /// `https://HOST:PORT`.
    public var server: String
    /// The CA certificate, PEM (base64-encoded into `certificate-authority-data`).
    public var certificateAuthorityPEM: String
    /// The bearer token.
    public var token: String
    /// The user's name in the file (`skiff-admin` or `skiff-read-only`).
    public var user: String

    public static let clusterName = "skiff"
    public static let contextName = "skiff"

    public init(server: String, certificateAuthorityPEM: String, token: String, user: String = "skiff-admin") {
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.token = token
        self.user = user
    }

    /// `https://HOST:PORT` for a listen host: IPv6 in brackets; an unspecified address (`0.0.0.0`, `::`) becomes
    /// the loopback address, which the certificate always names.
    public static func serverURL(host: String, port: Int) -> String {
        var host = host
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" || host == "[::]" { host = "::1" }
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        return "https://\(host):\(port)"
    }

    public var certificateAuthorityData: String { Data(certificateAuthorityPEM.utf8).base64EncodedString() }

    /// The document as JSON (a kubeconfig may be JSON).
    public var json: JSONValue {
        .object([
            "apiVersion": .string("v1"),
            "kind": .string("Config"),
            "clusters": .array([
                .object([
                    "name": .string(Self.clusterName),
                    "cluster": .object([
                        "server": .string(server),
                        "certificate-authority-data": .string(certificateAuthorityData),
                    ]),
                ])
            ]),
            "users": .array([
                .object(["name": .string(user), "user": .object(["token": .string(token)])])
            ]),
            "contexts": .array([
                .object([
                    "name": .string(Self.contextName),
                    "context": .object(["cluster": .string(Self.clusterName), "user": .string(user)]),
                ])
            ]),
            "current-context": .string(Self.contextName),
            "preferences": .object([:]),
        ])
    }

    /// The document as YAML, in the order `kubectl config view` prints it. Every value is a base64, base64url or
    /// URL string, quoted anyway.
    public var yaml: String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: \(Self.clusterName)
          cluster:
            server: "\(server)"
            certificate-authority-data: "\(certificateAuthorityData)"
        users:
        - name: \(user)
          user:
            token: "\(token)"
        contexts:
        - name: \(Self.contextName)
          context:
            cluster: \(Self.clusterName)
            user: \(user)
        current-context: \(Self.contextName)
        preferences: {}

        """
    }
}
