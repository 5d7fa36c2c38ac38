/// Why a write of an object to the manifests folder did not happen.
public enum ManifestWriterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The object is declared in a user's file in a way that cannot be rewritten safely (a JSON file, an Azure ML
    /// format, a `List`, anchors and aliases); `file` is relative to the manifests folder, `line` 1-based.
    case refused(file: String, line: Int, reason: String)
    /// A name or namespace that cannot name a file (it could escape the folder).
    case invalidName(String)
    /// Reading, writing, renaming or syncing failed.
    case io(String)

    public var description: String {
        switch self {
        case .refused(let file, let line, let reason): "\(file):\(line): \(reason)"
        case .invalidName(let message): message
        case .io(let message): message
        }
    }
}
