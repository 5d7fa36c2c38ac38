/// Why a ``FolderWatcher`` could not start.
public enum FolderWatcherError: Error, Sendable, Hashable {
    /// The root does not exist or is not a folder (after following symlinks).
    case rootNotADirectory(String)
    /// `inotify_init1` failed with this `errno` (typically `EMFILE`: too many inotify instances for this user).
    case inotifyUnavailable(errno: Int32)
    /// ``FolderWatcher/start()`` was called twice, or after ``FolderWatcher/stop()``.
    case alreadyStarted
}
