import Foundation
import SkiffServer
import SwiftASN1
import Testing
import X509

/// The CA and server certificate kubectl verifies: created once, reused, renewed when needed, keys `0600`.
struct CertificateAuthorityTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    private func names(_ certificate: Certificate) throws -> Set<GeneralName> {
        Set(try #require(try certificate.extensions.subjectAlternativeNames))
    }

    private static func ip(_ bytes: [UInt8]) -> GeneralName {
        .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
    }

    @Test func firstStartCreatesTheCAAndAServerCertificateForTheAddressAndLocalhost() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tls = folder.path + "/tls"
        let authority = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.2"], now: Self.start)
        #expect(authority.createdAuthority && authority.issuedServerCertificate)
        for file in ["ca.crt", "ca.key", "server.crt", "server.key"] {
            #expect(FileManager.default.fileExists(atPath: tls + "/" + file), "\(file)")
        }
        #expect(folder.mode("tls/ca.key") == 0o600)
        #expect(folder.mode("tls/server.key") == 0o600)
        #expect(folder.mode("tls") == 0o700)
        #expect(folder.read("tls/ca.key")?.hasPrefix("-----BEGIN PRIVATE KEY-----") == true)

        let server = try Certificate(pemEncoded: try #require(folder.read("tls/server.crt")))
        let ca = try Certificate(pemEncoded: authority.caCertificatePEM)
        let sans = try names(server)
        #expect(sans.contains(.dnsName("localhost")))
        #expect(sans.contains(Self.ip([127, 0, 0, 2])))
        #expect(sans.contains(Self.ip([127, 0, 0, 1])))
        #expect(sans.contains(Self.ip(Array(repeating: 0, count: 15) + [1])))
        // Signed by the CA, backdated one hour for clock skew, a serving certificate (not a CA).
        #expect(server.issuer == ca.subject)
        #expect(ca.publicKey.isValidSignature(server.signature, for: server))
        #expect(server.notValidBefore == Self.start - 3_600)
        #expect(server.notValidAfter == Self.start + 365 * 86_400)
        #expect(try server.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try server.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(ca.notValidBefore == Self.start - 3_600)
        // The PEM files end with a newline (a bundle of them must stay parseable).
        #expect(authority.caCertificatePEM.hasSuffix("-----END CERTIFICATE-----\n"))
    }

    @Test func aRestartReusesEverything() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tls = folder.path + "/tls"
        let first = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        let second = try CertificateAuthority.loadOrCreate(
            directory: tls,
            hosts: ["127.0.0.1"],
            now: Self.start + 100 * 86_400
        )
        #expect(!second.createdAuthority && !second.issuedServerCertificate)
        #expect(second.caCertificatePEM == first.caCertificatePEM)
        #expect(second.serverCertificatePEM == first.serverCertificatePEM)
        #expect(second.serverKeyPEM == first.serverKeyPEM)
    }

    @Test func theServerCertificateIsRenewedWithin30DaysOfItsEndKeepingTheCA() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tls = folder.path + "/tls"
        let first = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        let later = Self.start + 340 * 86_400
        let renewed = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: later)
        #expect(!renewed.createdAuthority && renewed.issuedServerCertificate)
        #expect(renewed.caCertificatePEM == first.caCertificatePEM)
        #expect(renewed.serverCertificatePEM != first.serverCertificatePEM)
        #expect(renewed.serverCertificate.notValidAfter == later + 365 * 86_400)
        #expect(folder.mode("tls/server.key") == 0o600)
    }

    @Test func aNewListenAddressGetsANewServerCertificate() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tls = folder.path + "/tls"
        let first = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        let moved = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["10.1.2.3"], now: Self.start)
        #expect(moved.issuedServerCertificate && !moved.createdAuthority)
        #expect(moved.caCertificatePEM == first.caCertificatePEM)
        #expect(try names(moved.serverCertificate).contains(Self.ip([10, 1, 2, 3])))
        let named = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["gpu-box.example"], now: Self.start)
        #expect(try names(named.serverCertificate).contains(.dnsName("gpu-box.example")))
    }

    @Test func aDamagedOrForeignServerCertificateIsReplaced() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tls = folder.path + "/tls"
        _ = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        try "garbage\n".write(toFile: tls + "/server.crt", atomically: true, encoding: .utf8)
        let repaired = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        #expect(repaired.issuedServerCertificate && !repaired.createdAuthority)

        // A server certificate of another CA (the CA files replaced by hand) is not served.
        let other = try TemporaryFolder()
        defer { other.remove() }
        _ = try CertificateAuthority.loadOrCreate(directory: other.path, hosts: ["127.0.0.1"], now: Self.start)
        try FileManager.default.removeItem(atPath: tls + "/ca.crt")
        try FileManager.default.removeItem(atPath: tls + "/ca.key")
        try FileManager.default.copyItem(atPath: other.path + "/ca.crt", toPath: tls + "/ca.crt")
        try FileManager.default.copyItem(atPath: other.path + "/ca.key", toPath: tls + "/ca.key")
        let rekeyed = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        #expect(!rekeyed.createdAuthority && rekeyed.issuedServerCertificate)
        let ca = try Certificate(pemEncoded: rekeyed.caCertificatePEM)
        #expect(ca.publicKey.isValidSignature(rekeyed.serverCertificate.signature, for: rekeyed.serverCertificate))
    }

    @Test func aKeyFileWithAWiderModeIsTightened() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tls = folder.path + "/tls"
        _ = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        chmod(tls + "/ca.key", 0o644)
        chmod(tls + "/server.key", 0o644)
        _ = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        #expect(folder.mode("tls/ca.key") == 0o600)
        #expect(folder.mode("tls/server.key") == 0o600)
    }

    @Test func anExpiringCAIsReplacedAndItsServerCertificateWithIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let tls = folder.path + "/tls"
        let first = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: Self.start)
        let late = Self.start + CertificateAuthority.caValidity - 10 * 86_400
        let replaced = try CertificateAuthority.loadOrCreate(directory: tls, hosts: ["127.0.0.1"], now: late)
        #expect(replaced.createdAuthority && replaced.issuedServerCertificate)
        #expect(replaced.caCertificatePEM != first.caCertificatePEM)
    }

    @Test func subjectAlternativeNamesForUnspecifiedAndIPv6Hosts() {
        let all = CertificateAuthority.subjectAlternativeNames(for: ["0.0.0.0"])
        #expect(all.contains(.dnsName(ProcessInfo.processInfo.hostName.lowercased())))
        #expect(!all.contains(Self.ip([0, 0, 0, 0])))
        let v6 = CertificateAuthority.subjectAlternativeNames(for: ["[fd00::5]"])
        #expect(v6.contains(Self.ip([0xfd] + Array(repeating: 0, count: 14) + [5])))
        #expect(Set(v6).count == v6.count)
    }
}
