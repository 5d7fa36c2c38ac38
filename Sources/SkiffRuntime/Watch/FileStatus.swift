import Glibc

/// What `stat(2)` says about a path, following symlinks: the watcher's only view of files (it never reads
/// contents).
struct FileStatus: Sendable, Hashable {
    /// A file or folder's identity on the machine: two paths with one identity are the same object.
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// What changes when a file is replaced or written: identity, size and modification time.
    struct Signature: Sendable, Hashable {
        var identity: Identity
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64
    }

    enum Kind: Sendable, Hashable {
        case directory
        case regularFile
        case other
    }

    var kind: Kind
    var signature: Signature

    var identity: Identity {
        signature.identity
    }

    /// The status of `path` after following symlinks, or `nil` when it does not exist, is a dangling link, or
    /// cannot be examined. A symlink loop (`ELOOP`) is described as a regular file with the link's own identity:
    /// named like a manifest, it is reported so that the loader records why it cannot be read, rather than being
    /// silently skipped.
    static func of(_ path: String) -> FileStatus? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ELOOP, lstat(path, &info) == 0 else { return nil }
            return FileStatus(kind: .regularFile, signature: signature(info))
        }
        let kind: Kind =
            switch info.st_mode & S_IFMT {
            case S_IFDIR: .directory
            case S_IFREG: .regularFile
            default: .other
            }
        return FileStatus(kind: kind, signature: signature(info))
    }

    private static func signature(_ info: stat) -> Signature {
        Signature(
            identity: Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
            size: Int64(info.st_size),
            modifiedSeconds: Int64(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int64(info.st_mtim.tv_nsec)
        )
    }

    /// Whether `path` itself (not following it) is a symbolic link.
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// The names in a folder, sorted, without `.` and `..`; `nil` when it cannot be opened.
    static func entryNames(ofDirectory path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." {
                names.append(name)
            }
        }
        names.sort()
        return names
    }
}
