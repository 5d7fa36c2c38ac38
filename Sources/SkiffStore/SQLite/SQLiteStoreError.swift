/// Why a ``SQLiteStore`` could not open its file.
public struct SQLiteStoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The file is not a database or fails SQLite's integrity check.
        case corrupt
        /// The file or its folder cannot be opened or written (permissions, disk full, a newer schema).
        case cannotOpen
    }

    public var kind: Kind
    /// The database file.
    public var path: String
    /// What SQLite said.
    public var detail: String

    public init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .corrupt:
            "the state database \(path) is corrupt (\(detail)); skiffd will not start on it. Run "
                + "`skiffd --rebuild-state` (with the same settings) to move it aside and rebuild the state from the "
                + "manifests folder: pods it cannot find again are marked Failed with reason Lost."
        case .cannotOpen:
            "cannot open the state database \(path): \(detail)"
        }
    }
}
