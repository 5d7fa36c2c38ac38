import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing the secrets in the state directory: keys and tokens are written to a temporary file created
/// with their final mode (never world-readable, not even for a moment), fsynced and renamed over the target.
enum SecureFiles {
    /// Creates `path` (and its parents) as a `0700` folder; tightens an existing one.
    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw CertificateAuthority.Failure(description: "cannot create \(path): \(error.localizedDescription)")
        }
        guard chmod(path, 0o700) == 0 else {
            throw CertificateAuthority.Failure(description: "cannot chmod \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The file's text, nil when it does not exist.
    static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CertificateAuthority.Failure(description: "cannot read \(path)")
        }
        return text
    }

    /// Sets a secret's mode to `0600` (a file copied in by hand may be wider).
    static func restrict(_ path: String) throws {
        guard chmod(path, 0o600) == 0 else {
            throw CertificateAuthority.Failure(description: "cannot chmod \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `text` to `path` with `mode` atomically: temporary file, fsync, rename.
    static func write(_ text: String, to path: String, mode: mode_t) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else {
            throw CertificateAuthority.Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        var written = 0
        var failed = false
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n <= 0 {
                failed = true
                break
            }
            written += n
        }
        // The umask may have narrowed the mode at creation; set exactly what was asked.
        if fchmod(fd, mode) != 0 || fsync(fd) != 0 { failed = true }
        close(fd)
        guard !failed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CertificateAuthority.Failure(description: "cannot write \(path): \(reason)")
        }
    }
}

/// Parses textual IP addresses into their network bytes (4 for IPv4, 16 for IPv6), for IP SANs.
enum IPAddressBytes {
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
