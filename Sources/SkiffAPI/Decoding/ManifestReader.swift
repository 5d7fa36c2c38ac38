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

    public static func read(_ path: String, maxBytes: Int) -> Outcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .gone }
            return .failed(describe(code))
        }
        defer { close(fd) }
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

    private static func describe(_ code: Int32) -> String {
        switch code {
        case ELOOP: return "cannot read: too many levels of symbolic links (a symlink loop?)"
        case EACCES: return "cannot read: permission denied"
        case EISDIR: return "is a folder, not a file"
        default: return "cannot read: \(String(cString: strerror(code)))"
        }
    }
}
