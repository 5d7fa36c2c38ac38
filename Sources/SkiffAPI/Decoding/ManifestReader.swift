#if canImport(Glibc)
import Glibc
#endif

/// Reads a manifest file's bytes defensively: never more than the size limit, a clear message for every way a
/// read can fail (a symlink loop, a folder, no permission), and "gone" for a file deleted while being read.
public enum ManifestReader {
    public enum Outcome: Sendable, Equatable {
        case bytes([UInt8])
        /// The file no longer exists (deleted or renamed away between the event and the read).
        case gone
        case failed(String)
    }

    /// Reads `path`.
    /// - Parameter root: When set (the real path of the manifests folder, symlinks resolved), a file whose real
    ///   path is outside it — reached through a symlink pointing out of the folder — is refused. The check is made
    ///   on the opened descriptor, so a link swapped between a check and the open cannot slip through.
    public static func read(_ path: String, maxBytes: Int, confinedTo root: String? = nil) -> Outcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .gone }
            return .failed(describe(code))
        }
        defer { close(fd) }
        if let root, let target = realPath(of: fd), !target.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            return .failed("refused: a symlink leads outside the manifests folder, to \(target)")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failed(describe(errno)) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .failed("is a folder, not a file") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failed("is not a regular file") }
        if Int(info.st_size) > maxBytes {
            return .failed("file is \(info.st_size) bytes, over the limit of \(maxBytes) bytes")
        }
        // Read up to one byte past the limit so that a file growing while we read is still caught.
        var buffer = [UInt8](repeating: 0, count: max(Int(info.st_size), 4096) + 1)
        var total = 0
        while true {
            if total == buffer.count {
                if total > maxBytes { return .failed("file is over the limit of \(maxBytes) bytes") }
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
            let n = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + total, raw.count - total)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(describe(errno))
            }
            if n == 0 { break }
            total += n
        }
        if total > maxBytes { return .failed("file is over the limit of \(maxBytes) bytes") }
        buffer.removeSubrange(total...)
        return .bytes(buffer)
    }

    /// The real path of an open file, from `/proc/self/fd`; nil where that is not available.
    static func realPath(of fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The real path of a folder (symlinks resolved), or the path itself when it cannot be resolved.
    public static func realFolderPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case ELOOP: return "cannot read: too many levels of symbolic links (a symlink loop?)"
        case EACCES: return "cannot read: permission denied"
        case EISDIR: return "is a folder, not a file"
        default: return "cannot read: \(String(cString: strerror(code)))"
        }
    }
}
