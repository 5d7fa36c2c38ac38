import Glibc

/// What `stat(2)` says about a manifest file, taken just before the loader reads it: the file table saves it with
/// what the file declared, and a later start skips a file whose signature is unchanged.
///
/// Besides identity, size and modification time it holds the status-change time (`ctime`), which no program can
/// set: copying a file over another while keeping its modification time (`cp -p`, `rsync -t`, `touch -d`) still
/// changes it.
struct ManifestFileSignature: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64
    var changedSeconds: Int64
    var changedNanoseconds: Int64

    /// The signature of the regular file at `path` (symlinks followed), or nil when there is none.
    static func of(_ path: String) -> ManifestFileSignature? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return ManifestFileSignature(
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            size: Int64(info.st_size),
            modifiedSeconds: Int64(info.st_mtim.tv_sec),
            modifiedNanoseconds: Int64(info.st_mtim.tv_nsec),
            changedSeconds: Int64(info.st_ctim.tv_sec),
            changedNanoseconds: Int64(info.st_ctim.tv_nsec)
        )
    }

    /// The wall-clock time now, in nanoseconds since 1970.
    static func wallNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Whether a write after the moment this signature was taken (`takenAt`, wall-clock nanoseconds) could leave
    /// it unchanged, as git's "racily clean" entries: the kernel stamps files with a coarse clock (one scheduler
    /// tick, up to 10 ms), so a file changed within a tick of the stat may keep its times and, rewritten in
    /// place, its size. Such a signature is not saved and the file is read again at the next start. Files whose
    /// times have no sub-second part live on a file system with coarse timestamps (FAT, some network mounts):
    /// two seconds of margin there.
    func isRacy(takenAt: Int64, margin: Int64 = Self.racyMargin) -> Bool {
        let coarse = modifiedNanoseconds == 0 && changedNanoseconds == 0
        let margin: Int64 = coarse ? max(margin, 2_000_000_000) : margin
        let latest = max(
            modifiedSeconds * 1_000_000_000 + modifiedNanoseconds,
            changedSeconds * 1_000_000_000 + changedNanoseconds
        )
        return latest >= takenAt - margin
    }

    /// How close to its stat a file's times make its signature racy: five times the coarsest kernel tick (10 ms).
    static let racyMargin: Int64 = 50_000_000
}
