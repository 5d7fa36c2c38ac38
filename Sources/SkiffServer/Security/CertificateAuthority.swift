import Crypto
import Foundation
import SwiftASN1
import X509

/// skiffd's own certificate authority and the HTTPS listener's server certificate, kept as PEM files in
/// `<stateDir>/tls/` (`ca.crt`, `ca.key`, `server.crt`, `server.key`; keys `0600`, the folder `0700`).
///
/// kubectl verifies the server against `certificate-authority-data` in its kubeconfig, so the CA must stay the same
/// across restarts (a new CA would break every kubeconfig handed out): it is created once, at first start, and
/// reused. The server certificate is cheap to replace and is renewed at start when it is within
/// ``renewalWindow`` of expiry, does not cover the listen address, or was not signed by the CA on disk.
public struct CertificateAuthority: Sendable {
    /// The CA certificate, PEM (what kubeconfigs carry as `certificate-authority-data`).
    public let caCertificatePEM: String
    /// The server certificate, PEM.
    public let serverCertificatePEM: String
    /// The server certificate's private key, PEM (PKCS#8).
    public let serverKeyPEM: String
    /// The server certificate as parsed, for its validity and names.
    public let serverCertificate: Certificate
    /// When the server certificate expires (a restart after `notValidAfter - renewalWindow` renews it).
    public var serverCertificateExpiry: Date { serverCertificate.notValidAfter }
    /// Whether this start created the CA (first start, or an expired/unreadable CA replaced).
    public let createdAuthority: Bool
    /// Whether this start issued a new server certificate.
    public let issuedServerCertificate: Bool

    /// How long a CA is valid (10 years).
    public static let caValidity: TimeInterval = 10 * 365 * 86_400
    /// How long a server certificate is valid (1 year, as kubeadm's serving certificates).
    public static let serverValidity: TimeInterval = 365 * 86_400
    /// A certificate this close to its end is replaced at start.
    public static let renewalWindow: TimeInterval = 30 * 86_400
    /// notBefore lies this far in the past, so that a client whose clock is a little behind still accepts the
    /// certificate (Go's verifier refuses one "not yet valid").
    public static let backdating: TimeInterval = 3_600

    /// Failures to read, create or write the files; the message names the file.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Loads the CA and server certificate from `directory`, creating or renewing what is missing, expiring or not
    /// covering `hosts` (IP addresses or DNS names; `localhost` is always added).
    public static func loadOrCreate(directory: String, hosts: [String], now: Date = Date()) throws -> CertificateAuthority {
        try SecureFiles.makeDirectory(directory)
        let caCertPath = directory + "/ca.crt"
        let caKeyPath = directory + "/ca.key"
        let serverCertPath = directory + "/server.crt"
        let serverKeyPath = directory + "/server.key"

        var createdAuthority = false
        let authority: (certificate: Certificate, key: Certificate.PrivateKey)
        if let loaded = try loadAuthority(certPath: caCertPath, keyPath: caKeyPath),
            loaded.certificate.notValidAfter.timeIntervalSince(now) > renewalWindow
        {
            authority = loaded
        } else {
            authority = try makeAuthority(now: now)
            try SecureFiles.write(try authority.key.serializeAsPEM().pemString + "\n", to: caKeyPath, mode: 0o600)
            try SecureFiles.write(try authority.certificate.serializeAsPEM().pemString + "\n", to: caCertPath, mode: 0o644)
            createdAuthority = true
        }

        let names = subjectAlternativeNames(for: hosts)
        var issued = false
        let server: (certificate: Certificate, keyPEM: String)
        if !createdAuthority, let loaded = try loadServer(certPath: serverCertPath, keyPath: serverKeyPath),
            isUsable(loaded.certificate, issuer: authority.certificate, names: names, now: now)
        {
            server = loaded
        } else {
            let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
            let certificate = try makeServerCertificate(key: key, names: names, authority: authority, now: now)
            server = (certificate, try key.serializeAsPEM().pemString + "\n")
            try SecureFiles.write(server.keyPEM, to: serverKeyPath, mode: 0o600)
            try SecureFiles.write(try certificate.serializeAsPEM().pemString + "\n", to: serverCertPath, mode: 0o644)
            issued = true
        }
        return CertificateAuthority(
            caCertificatePEM: try authority.certificate.serializeAsPEM().pemString + "\n",
            serverCertificatePEM: try server.certificate.serializeAsPEM().pemString + "\n",
            serverKeyPEM: server.keyPEM,
            serverCertificate: server.certificate,
            createdAuthority: createdAuthority,
            issuedServerCertificate: issued
        )
    }

    /// The SANs a server certificate for `hosts` carries: every IP address as an IP SAN, every name as a DNS SAN,
    /// plus `localhost`, `127.0.0.1` and `::1`. An unspecified address (`0.0.0.0`, `::`) adds the host name.
    public static func subjectAlternativeNames(for hosts: [String]) -> [GeneralName] {
        var names: [GeneralName] = [.dnsName("localhost")]
        var seen: Set<GeneralName> = Set(names)
        func add(_ name: GeneralName) {
            if seen.insert(name).inserted { names.append(name) }
        }
        for host in hosts + ["127.0.0.1", "::1"] {
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            if let bytes = IPAddressBytes.parse(bare) {
                if bytes.allSatisfy({ $0 == 0 }) {
                    add(.dnsName(ProcessInfo.processInfo.hostName.lowercased()))
                } else {
                    add(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes))))
                }
            } else if !bare.isEmpty {
                add(.dnsName(bare.lowercased()))
            }
        }
        return names
    }

    // MARK: - Checks

    /// Whether a server certificate can be served as it is: signed by `issuer`, valid now for longer than the
    /// renewal window, and naming every one of `names`.
    static func isUsable(_ certificate: Certificate, issuer: Certificate, names: [GeneralName], now: Date) -> Bool {
        guard certificate.issuer == issuer.subject,
            issuer.publicKey.isValidSignature(certificate.signature, for: certificate),
            certificate.notValidBefore <= now,
            certificate.notValidAfter.timeIntervalSince(now) > renewalWindow,
            let present = try? certificate.extensions.subjectAlternativeNames
        else { return false }
        let have = Set(present)
        return names.allSatisfy { have.contains($0) }
    }

    // MARK: - Files

    private static func loadAuthority(certPath: String, keyPath: String) throws
        -> (certificate: Certificate, key: Certificate.PrivateKey)?
    {
        guard let certText = try SecureFiles.read(certPath), let keyText = try SecureFiles.read(keyPath) else {
            return nil
        }
        // An unreadable CA is replaced rather than refusing to start: the old kubeconfigs were unusable anyway.
        guard let certificate = try? Certificate(pemEncoded: certText),
            let key = try? Certificate.PrivateKey(pemEncoded: keyText),
            key.publicKey == certificate.publicKey
        else { return nil }
        try SecureFiles.restrict(keyPath)
        return (certificate, key)
    }

    private static func loadServer(certPath: String, keyPath: String) throws -> (certificate: Certificate, keyPEM: String)? {
        guard let certText = try SecureFiles.read(certPath), let keyText = try SecureFiles.read(keyPath),
            let certificate = try? Certificate(pemEncoded: certText),
            let key = try? Certificate.PrivateKey(pemEncoded: keyText),
            key.publicKey == certificate.publicKey
        else { return nil }
        try SecureFiles.restrict(keyPath)
        return (certificate, keyText)
    }

    // MARK: - Issuing

    private static func makeAuthority(now: Date) throws -> (certificate: Certificate, key: Certificate.PrivateKey) {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName {
            OrganizationName("Skiff")
            CommonName("skiff-ca")
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: key.publicKey)
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now - backdating,
            notValidAfter: now + caValidity,
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: key
        )
        return (certificate, key)
    }

    private static func makeServerCertificate(
        key: Certificate.PrivateKey,
        names: [GeneralName],
        authority: (certificate: Certificate, key: Certificate.PrivateKey),
        now: Date
    ) throws -> Certificate {
        let subject = try DistinguishedName {
            OrganizationName("Skiff")
            CommonName("skiffd")
        }
        let authorityKeyID = SubjectKeyIdentifier(hash: authority.key.publicKey).keyIdentifier
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectKeyIdentifier(hash: key.publicKey)
            AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
            SubjectAlternativeNames(names)
        }
        // A server certificate never outlives its CA.
        let end = min(now + serverValidity, authority.certificate.notValidAfter)
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now - backdating,
            notValidAfter: end,
            issuer: authority.certificate.subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: authority.key
        )
    }
}
