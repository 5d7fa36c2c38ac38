import Glibc

/// Small, unbuffered reads and writes of cgroup control files, with the `errno` text on failure.
enum CgroupFiles {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var path: String
        var code: Int32

        var description: String { "\(path): \(String(cString: strerror(code)))" }
    }

    /// Writes `value` in one `write(2)`, as cgroup files expect. Opened as a shell's `>` opens (create, truncate),
    /// which cgroupfs accepts for its files; a file the kernel does not offer then fails with `EACCES`, reported
    /// as the `ENOENT` it really is.
    static func write(_ value: String, to path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw Failure(path: path, code: (code == EACCES || code == EPERM) && !exists(path) ? ENOENT : code)
        }
        defer { close(fd) }
        var bytes = Array(value.utf8)
        let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw Failure(path: path, code: written < 0 ? errno : EIO) }
    }

    static func read(_ path: String) -> String? {
        HostInfo.readText(path)
    }

    /// `mkdir -p`, succeeding when the folder exists.
    static func makeDirectories(_ path: String) throws(Failure) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw Failure(path: current, code: errno)
            }
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The value of `key` in a flat-keyed file (`oom_kill 3` lines of `memory.events` or `memory.oom_control`).
    static func keyedValue(_ key: String, in path: String) -> Int64? {
        guard let text = read(path) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ")
            if parts.count == 2 && parts[0] == key { return Int64(parts[1]) }
        }
        return nil
    }

    /// The process ids listed in a `cgroup.procs` file.
    static func processIDs(_ path: String) -> [pid_t] {
        (read(path) ?? "").split(whereSeparator: \.isNewline).compactMap { pid_t($0) }
    }
}
