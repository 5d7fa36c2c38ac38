#if canImport(Glibc)
import Glibc
#endif

/// Validates files and folders offline, exactly as the daemon would load them: the same file filter, the same
/// decoder, and the same "first file by path wins" rule for objects declared twice.
public struct ManifestValidator: Sendable {
    public var decoder: ManifestDecoder
    public var filter: ManifestFileFilter

    public init(decoder: ManifestDecoder, filter: ManifestFileFilter = ManifestFileFilter()) {
        self.decoder = decoder
        self.filter = filter
    }

    /// What a validation found.
    public struct Report: Sendable {
        public var files = 0
        public var objects = 0
        public var errors: [FieldError] = []
        public var warnings: [FieldError] = []

        /// One line per problem, `FILE:LINE:COLUMN: message`, errors and warnings in file order.
        public func lines(includeWarnings: Bool) -> [String] {
            let all = errors + (includeWarnings ? warnings : [])
            return all.sorted { ($0.file, $0.mark) < ($1.file, $1.mark) }.map(\.description)
        }
    }

    /// Validates every manifest under `paths` (files are checked whatever their name; folders are walked with
    /// ``ManifestFileFilter``).
    public func validate(_ paths: [String]) -> Report {
        var files: [String] = []
        // The folder each walked file came from: as in the daemon, a symlink leading out of it is refused.
        var roots: [String: String] = [:]
        var visited = Set<FileIdentity>()
        var report = Report()
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                report.errors.append(FieldError.wholeFile(path, "cannot read: \(String(cString: strerror(errno)))"))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let first = files.count
                walk(path, relative: "", visited: &visited, into: &files)
                let root = ManifestReader.realFolderPath(path)
                for file in files[first...] { roots[file] = root }
            } else {
                files.append(path)
            }
        }
        var owners: [ObjectKey: String] = [:]
        for file in files.sorted() {
            report.files += 1
            let bytes: [UInt8]
            switch ManifestReader.read(file, maxBytes: decoder.limits.maxBytes, confinedTo: roots[file]) {
            case .bytes(let b): bytes = b
            case .gone:
                report.errors.append(FieldError.wholeFile(file, "cannot read: no such file"))
                continue
            case .failed(let message):
                report.errors.append(FieldError.wholeFile(file, message))
                continue
            }
            let result = decoder.decode(bytes: bytes, file: file)
            report.errors += result.errors
            report.warnings += result.warnings
            report.objects += result.objects.count
            var seenHere: [ObjectKey: Mark] = [:]
            for item in result.objects {
                let key = item.object.key
                if let first = seenHere[key] {
                    report.errors.append(
                        FieldError(file: file, mark: item.mark, path: "", message: "\(key) is declared twice in this file (first at line \(first.line))")
                    )
                } else if let owner = owners[key] {
                    report.errors.append(
                        FieldError(file: file, mark: item.mark, path: "", message: "\(key) is also declared in \(owner), which wins (the first file by path); this declaration is ignored")
                    )
                } else {
                    owners[key] = file
                }
                seenHere[key] = seenHere[key] ?? item.mark
            }
        }
        return report
    }

    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private func walk(_ folder: String, relative: String, visited: inout Set<FileIdentity>, into files: inout [String]) {
        var info = stat()
        guard stat(folder, &info) == 0 else { return }
        guard visited.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        var entries: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { entries.append(name) }
        }
        for name in entries.sorted() {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            if filter.isIgnored(name: name) { continue }
            var child = stat()
            guard stat(path, &child) == 0 else {
                if filter.isManifest(fileName: name) { files.append(path) }  // a dangling link or a loop: report on read
                continue
            }
            if (child.st_mode & S_IFMT) == S_IFDIR {
                walk(path, relative: rel, visited: &visited, into: &files)
            } else if filter.isManifest(fileName: name) {
                files.append(path)
            }
        }
    }
}
