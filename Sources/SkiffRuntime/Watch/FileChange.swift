/// A change to one manifest file, as a ``FolderWatcher`` reports it. Paths are as seen through the watched root
/// (a file reached through a symlinked folder keeps the symlink's path), never resolved.
public enum FileChange: Sendable, Hashable {
    /// The file appeared or was written: (re)load it.
    case upserted(String)
    /// The file is gone (deleted, moved away, its folder removed, or it became an ignored kind of file).
    case removed(String)

    /// The path the change is about.
    public var path: String {
        switch self {
        case .upserted(let path), .removed(let path):
            path
        }
    }
}
