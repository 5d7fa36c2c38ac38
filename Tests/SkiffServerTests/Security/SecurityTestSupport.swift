import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary folder for one test, removed by ``remove()``.
struct TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/skiff-sec-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The permission bits of `name` in the folder.
    func mode(_ name: String) -> Int? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
        return (attributes?[.posixPermissions] as? NSNumber).map { $0.intValue & 0o777 }
    }

    func read(_ name: String) -> String? {
        try? String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }
}
