import Glibc

/// Finds a program on a `PATH` value the way a shell does: the first directory holding an executable regular
/// file of that name. Relative and empty entries are skipped, so the daemon's working directory never matters.
enum ExecutableSearch {
    static func find(_ name: String, path: String) -> String? {
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}
