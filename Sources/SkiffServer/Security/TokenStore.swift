import Crypto
import Foundation

/// What a bearer token may do.
public enum TokenRole: String, Sendable, Hashable {
    /// Everything.
    case admin
    /// GET (list, get, watch, logs) only, for dashboards.
    case readOnly = "read-only"
}

/// The bearer tokens of the HTTPS listener: an admin token and a read-only token, generated at first start into
/// `<stateDir>/tokens/admin` and `<stateDir>/tokens/read-only` (`0600`, 32 random bytes, base64url) and reused
/// afterwards. Delete a file and restart to rotate that token.
///
/// Only SHA-256 digests are compared: `Digest ==` is swift-crypto's constant-time comparison, and hashing first
/// also hides the token's length, so the time a check takes tells nothing about the tokens.
public struct TokenStore: Sendable {
    /// The admin token (handed out in `skiffctl kubeconfig`).
    public let adminToken: String
    /// The read-only token (`skiffctl kubeconfig --read-only`).
    public let readOnlyToken: String
    private let adminDigest: SHA256.Digest
    private let readOnlyDigest: SHA256.Digest

    /// A store of the given tokens (tests); the daemon uses ``loadOrCreate(directory:)``.
    public init(adminToken: String, readOnlyToken: String) {
        self.adminToken = adminToken
        self.readOnlyToken = readOnlyToken
        adminDigest = SHA256.hash(data: Data(adminToken.utf8))
        readOnlyDigest = SHA256.hash(data: Data(readOnlyToken.utf8))
    }

    /// Reads both tokens from `directory`, generating the missing ones.
    public static func loadOrCreate(directory: String) throws -> TokenStore {
        try SecureFiles.makeDirectory(directory)
        func token(_ name: String) throws -> String {
            let path = directory + "/" + name
            if let text = try SecureFiles.read(path) {
                let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
                // An empty file would make an empty bearer token valid: generate a new one instead.
                if token.count >= 16 {
                    try SecureFiles.restrict(path)
                    return token
                }
            }
            let token = generate()
            try SecureFiles.write(token + "\n", to: path, mode: 0o600)
            return token
        }
        return TokenStore(adminToken: try token("admin"), readOnlyToken: try token("read-only"))
    }

    /// 32 bytes from the system's CSPRNG (getrandom on Linux), base64url without padding (43 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The role of `token`, nil when it is neither token. Both digests are always compared.
    public func role<S: StringProtocol>(of token: S) -> TokenRole? {
        let digest = SHA256.hash(data: Data(token.utf8))
        let isAdmin = digest == adminDigest
        let isReadOnly = digest == readOnlyDigest
        if isAdmin { return .admin }
        if isReadOnly { return .readOnly }
        return nil
    }

    /// The token of `role`.
    public func token(for role: TokenRole) -> String {
        role == .admin ? adminToken : readOnlyToken
    }
}
