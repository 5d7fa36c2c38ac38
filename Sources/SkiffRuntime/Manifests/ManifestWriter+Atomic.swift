import Glibc

extension ManifestWriter {
    /// Writes `bytes` to `path` so that a reader (or a crash) sees either the old file or the whole new one: a
    /// temporary dotfile in the same folder (the folder watcher ignores dotfiles), `fsync`, `rename` over the
    /// target, then `fsync` of the folder so that the rename itself is durable.
    static func atomicWrite(_ bytes: [UInt8], to path: String) throws(ManifestWriterError) {
        let folder = Self.folder(of: path)
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let temporary = "\(folder)/.\(name).skiff-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("cannot create \(temporary): \(Self.errorText())") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress!.advanced(by: written), buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let message = Self.errorText()
                close(fd)
                unlink(temporary)
                throw .io("cannot write \(temporary): \(message)")
            }
            written += n
        }
        if fsync(fd) != 0 {
            let message = Self.errorText()
            close(fd)
            unlink(temporary)
            throw .io("cannot sync \(temporary): \(message)")
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let message = Self.errorText()
            unlink(temporary)
            throw .io("cannot rename \(temporary) to \(path): \(message)")
        }
        try syncFolder(folder)
    }

    /// Removes a file and makes the removal durable.
    static func removeFile(_ path: String) throws(ManifestWriterError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw .io("cannot remove \(path): \(Self.errorText())")
        }
        try syncFolder(folder(of: path))
    }

    /// Creates `path` (one level) when missing, and syncs its parent so that it survives a crash.
    static func makeFolder(_ path: String) throws(ManifestWriterError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw .io("cannot create \(path): \(Self.errorText())")
        }
        try syncFolder(folder(of: path))
    }

    static func syncFolder(_ folder: String) throws(ManifestWriterError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open \(folder): \(Self.errorText())") }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL {
            throw .io("cannot sync \(folder): \(Self.errorText())")
        }
    }

    /// The whole file, or nil when it does not exist.
    static func readFile(_ path: String) throws(ManifestWriterError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io("cannot open \(path): \(Self.errorText())")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("cannot read \(path): \(Self.errorText())")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

extension ManifestWriter {
    /// Puts `bytes` back as the file at `path` (atomically), after a write the loader could not apply.
    public static func restore(_ bytes: [UInt8], to path: String) throws(ManifestWriterError) {
        try atomicWrite(bytes, to: path)
    }

    /// Removes the file at `path` durably (nothing when it is gone).
    public static func remove(_ path: String) throws(ManifestWriterError) {
        try removeFile(path)
    }

    /// The file's bytes, or nil when it does not exist.
    public static func contents(of path: String) throws(ManifestWriterError) -> [UInt8]? {
        try readFile(path)
    }
}
