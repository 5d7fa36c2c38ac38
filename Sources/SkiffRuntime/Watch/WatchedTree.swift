import Glibc

/// The folder tree a ``FolderWatcher`` knows: its manifest files with their signatures, its folders with their
/// inotify watches, and how to bring that knowledge level with the disk for a set of touched paths or for the
/// whole tree.
///
/// Paths are logical: the root plus names, with symlinks not resolved. A folder reachable by several paths
/// (symlinks, including loops back to an ancestor) is walked and watched once, preferring a path without
/// symlinks, so nothing is reported twice and loops end; inotify itself has one watch per inode.
struct WatchedTree {
    /// A folder inside the tree.
    struct Directory {
        var identity: FileStatus.Identity
        /// Its inotify watch, `nil` when the watch limit was reached.
        var watch: Int32?
        var fileNames: Set<String> = []
        var subdirectoryNames: Set<String> = []
    }

    /// What an inotify event asks for.
    enum EventEffect: Equatable {
        case none
        /// Bring this path level with the disk.
        case resync(String)
        /// Re-examine the symlinked files of this folder: an ignored entry changed, and ConfigMap-style folders
        /// retarget their visible files by swapping a hidden symlink (`..data`).
        case recheckFiles(inFolder: String)
        /// Events were lost (`IN_Q_OVERFLOW`): rescan everything.
        case rescan
    }

    let root: String
    let filter: ManifestFileFilter
    let maxWatches: Int?
    let inotify: Inotify

    /// Known manifest files and their signatures.
    private(set) var files: [String: FileStatus.Signature] = [:]
    private(set) var directories: [String: Directory] = [:]
    /// Symlinks named like manifests that led nowhere when last looked at.
    private var danglingLinks: Set<String> = []
    private var directoryByIdentity: [FileStatus.Identity: String] = [:]
    private var directoryByWatch: [Int32: String] = [:]
    /// Folder paths skipped because their identity is already walked under another path; when that path goes
    /// away they are walked in its place.
    private var aliases: [FileStatus.Identity: Set<String>] = [:]
    /// Set once a watch could not be added for lack of watches; cleared by the next full rescan.
    private(set) var watchLimitReached = false

    init(root: String, filter: ManifestFileFilter, maxWatches: Int?, inotify: Inotify) {
        self.root = root
        self.filter = filter
        self.maxWatches = maxWatches
        self.inotify = inotify
    }

    /// Whether events alone can no longer keep the tree current: some folder has no watch, or the root is gone.
    var needsPeriodicRescan: Bool {
        watchLimitReached || directories[root] == nil
    }

    var watchCount: Int {
        directoryByWatch.count
    }

    // MARK: - Events

    /// Translates one inotify event into the work it calls for.
    mutating func effect(of event: Inotify.Event) -> EventEffect {
        if event.has(IN_Q_OVERFLOW) {
            return .rescan
        }
        guard let folder = directoryByWatch[event.watch] else { return .none }
        if event.has(IN_IGNORED) {
            // The kernel dropped the watch (folder deleted or unmounted): forget it and look at the folder again.
            directoryByWatch.removeValue(forKey: event.watch)
            directories[folder]?.watch = nil
            return .resync(folder)
        }
        if event.has(IN_DELETE_SELF) || event.has(IN_MOVE_SELF) || event.name.isEmpty {
            return .resync(folder)
        }
        if filter.isIgnored(name: event.name) {
            // Only entries appearing or disappearing can retarget a symlink; writes to temp files cannot.
            return event.has(IN_CLOSE_WRITE) ? .none : .recheckFiles(inFolder: folder)
        }
        let path = Self.join(folder, event.name)
        if event.has(IN_CREATE) && !event.has(IN_ISDIR) && !FileStatus.isSymbolicLink(path) {
            // A new regular file is still being written; its IN_CLOSE_WRITE follows.
            return .none
        }
        return .resync(path)
    }

    // MARK: - Level with the disk

    /// Brings the given paths (and everything under them) level with the disk, and re-examines the files of the
    /// given folders.
    ///
    /// Removals go first so that a folder moved within the tree is forgotten under its old path before it is
    /// walked under its new one. A file in `written` (written in place) is reported whatever its signature; any
    /// other file (renamed or moved in) only when its signature differs from the one last reported — a rename
    /// brings a new inode, and a signature already reported means an earlier batch (a recheck of the folder)
    /// reported this very file.
    mutating func resync(
        _ paths: Set<String>,
        written: Set<String>? = nil,
        recheckingFilesIn folders: Set<String> = []
    ) -> ChangeSet {
        var changes = ChangeSet()
        var reconsidered: [String] = []
        var statuses: [String: FileStatus] = [:]
        for path in paths {
            let status = FileStatus.of(path)
            statuses[path] = status
            if let directory = directories[path] {
                if status?.kind != .directory || status?.identity != directory.identity {
                    removeDirectoryTree(at: path, changes: &changes, reconsidered: &reconsidered)
                }
            } else if files[path] != nil, status?.kind != .regularFile {
                removeFile(at: path, changes: &changes)
            }
        }
        for folder in folders where !paths.contains(folder) {
            recheckFiles(inFolder: folder, changes: &changes)
        }
        for path in Set(paths).union(reconsidered).sorted() {
            guard let status = statuses[path] ?? FileStatus.of(path) else {
                noteIfDanglingLink(path)
                continue
            }
            if path == root {
                if directories[root] == nil, status.kind == .directory {
                    addDirectoryTree(at: root, identity: status.identity, previousFiles: [:], changes: &changes)
                }
                continue
            }
            let (parent, name) = Self.split(path)
            guard directories[parent] != nil, !filter.isIgnored(name: name) else { continue }
            switch status.kind {
            case .directory where directories[path] == nil:
                addDirectoryTree(at: path, identity: status.identity, previousFiles: [:], changes: &changes)
            case .regularFile where filter.isManifest(fileName: name):
                let alreadyReported = files[path] == status.signature && written?.contains(path) == false
                files[path] = status.signature
                directories[parent]?.fileNames.insert(name)
                if !alreadyReported { changes.upsert(path) }
            default:
                break
            }
        }
        if !paths.isEmpty { recheckDanglingLinks(except: paths, changes: &changes) }
        return changes
    }

    /// Remembers `path` when it is a symlink named like a manifest that leads nowhere (yet): no event will come
    /// for it when its target appears — or when a second link makes the two a loop — so it is looked at again
    /// whenever something else changes.
    private mutating func noteIfDanglingLink(_ path: String) {
        let (parent, name) = Self.split(path)
        guard directories[parent] != nil, !filter.isIgnored(name: name), filter.isManifest(fileName: name),
            FileStatus.isSymbolicLink(path)
        else { return }
        danglingLinks.insert(path)
    }

    /// Reports the remembered dangling links that now lead to a file (or into a loop), and forgets those gone.
    private mutating func recheckDanglingLinks(except paths: Set<String>, changes: inout ChangeSet) {
        for link in danglingLinks.sorted() where !paths.contains(link) {
            let (parent, name) = Self.split(link)
            guard FileStatus.isSymbolicLink(link), directories[parent] != nil else {
                danglingLinks.remove(link)
                continue
            }
            guard let status = FileStatus.of(link), status.kind == .regularFile else { continue }
            danglingLinks.remove(link)
            files[link] = status.signature
            directories[parent]?.fileNames.insert(name)
            changes.upsert(link)
        }
    }

    /// Walks the whole tree afresh and reports the difference from what was known: new files and files whose
    /// signature changed as upserted, vanished ones as removed; `touched` files that still exist are upserted
    /// even when their signature is unchanged (an event said they were written).
    mutating func rescanAll(touched: Set<String> = []) -> ChangeSet {
        let previousFiles = files
        let previousWatches = directoryByWatch
        files = [:]
        directories = [:]
        directoryByIdentity = [:]
        directoryByWatch = [:]
        aliases = [:]
        watchLimitReached = false
        var changes = ChangeSet()
        if let status = FileStatus.of(root), status.kind == .directory {
            addDirectoryTree(at: root, identity: status.identity, previousFiles: previousFiles, changes: &changes)
        }
        for watch in previousWatches.keys where directoryByWatch[watch] == nil {
            inotify.removeWatch(watch)
        }
        for path in previousFiles.keys where files[path] == nil {
            changes.remove(path)
        }
        for path in touched where files[path] != nil {
            changes.upsert(path)
        }
        return changes
    }

    // MARK: - Tree edits

    /// Registers and watches the folder at `path` and everything below it, reporting every manifest file whose
    /// signature differs from `previousFiles` (all of them when that is empty). The parent, if any, must be
    /// registered already.
    private mutating func addDirectoryTree(
        at path: String,
        identity: FileStatus.Identity,
        previousFiles: [String: FileStatus.Signature],
        changes: inout ChangeSet
    ) {
        // An explicit stack: symlinked trees can be deep, and the walk must not grow the thread's stack.
        // Folders reached through a symlink wait until every folder reachable without one is walked, so that a
        // folder linked from elsewhere in the tree is reported under its real path.
        var pending: [(path: String, identity: FileStatus.Identity)] = [(path, identity)]
        var linked: [(path: String, identity: FileStatus.Identity)] = []
        while true {
            if pending.isEmpty {
                pending = linked.reversed()
                linked = []
            }
            guard let (folder, identity) = pending.popLast() else { break }
            if directoryByIdentity[identity] != nil {
                aliases[identity, default: []].insert(folder)
                continue
            }
            directoryByIdentity[identity] = folder
            directories[folder] = Directory(identity: identity, watch: addWatch(folder))
            if folder != root {
                let (parent, name) = Self.split(folder)
                directories[parent]?.subdirectoryNames.insert(name)
            }
            // The watch is in place before the listing, so nothing created meanwhile is missed.
            guard let names = FileStatus.entryNames(ofDirectory: folder) else { continue }
            var subfolders: [(path: String, identity: FileStatus.Identity)] = []
            for name in names where !filter.isIgnored(name: name) {
                let child = Self.join(folder, name)
                guard let status = FileStatus.of(child) else { continue }
                switch status.kind {
                case .directory where FileStatus.isSymbolicLink(child):
                    linked.append((child, status.identity))
                case .directory:
                    subfolders.append((child, status.identity))
                case .regularFile where filter.isManifest(fileName: name):
                    files[child] = status.signature
                    directories[folder]?.fileNames.insert(name)
                    if previousFiles[child] != status.signature {
                        changes.upsert(child)
                    }
                default:
                    break
                }
            }
            // Reversed so that folders are walked in name order (and the first path to a shared folder wins).
            pending.append(contentsOf: subfolders.reversed())
        }
    }

    private mutating func addWatch(_ folder: String) -> Int32? {
        guard !watchLimitReached else { return nil }
        if let maxWatches, directoryByWatch.count >= maxWatches {
            watchLimitReached = true
            return nil
        }
        switch inotify.addWatch(folder) {
        case .success(let watch):
            directoryByWatch[watch] = folder
            return watch
        case .failure(let error):
            if error.isLimit {
                watchLimitReached = true
            }
            return nil
        }
    }

    /// Forgets the folder at `path` and everything below it, reporting its files as removed and collecting the
    /// alias paths that may now be walked in its place.
    private mutating func removeDirectoryTree(
        at path: String,
        changes: inout ChangeSet,
        reconsidered: inout [String]
    ) {
        if path != root {
            let (parent, name) = Self.split(path)
            directories[parent]?.subdirectoryNames.remove(name)
        }
        var pending = [path]
        while let folder = pending.popLast() {
            guard let directory = directories.removeValue(forKey: folder) else { continue }
            for name in directory.fileNames {
                let file = Self.join(folder, name)
                files.removeValue(forKey: file)
                changes.remove(file)
            }
            for name in directory.subdirectoryNames {
                pending.append(Self.join(folder, name))
            }
            if let watch = directory.watch {
                directoryByWatch.removeValue(forKey: watch)
                inotify.removeWatch(watch)
            }
            if directoryByIdentity[directory.identity] == folder {
                directoryByIdentity.removeValue(forKey: directory.identity)
                if let paths = aliases.removeValue(forKey: directory.identity) {
                    reconsidered.append(contentsOf: paths)
                }
            }
        }
    }

    private mutating func removeFile(at path: String, changes: inout ChangeSet) {
        files.removeValue(forKey: path)
        let (parent, name) = Self.split(path)
        directories[parent]?.fileNames.remove(name)
        changes.remove(path)
    }

    private mutating func recheckFiles(inFolder folder: String, changes: inout ChangeSet) {
        guard let names = directories[folder]?.fileNames else { return }
        for name in names {
            let path = Self.join(folder, name)
            guard let status = FileStatus.of(path), status.kind == .regularFile else {
                removeFile(at: path, changes: &changes)
                continue
            }
            if files[path] != status.signature {
                files[path] = status.signature
                changes.upsert(path)
            }
        }
    }

    // MARK: - Paths

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Splits a path below the root into its parent folder and its last name.
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        return (parent, String(path[path.index(after: slash)...]))
    }
}

extension WatchedTree {
    /// The changes of one batch, one per path: a later change to a path replaces an earlier one.
    struct ChangeSet {
        private var upserted: [String: Bool] = [:]

        var isEmpty: Bool {
            upserted.isEmpty
        }

        mutating func upsert(_ path: String) {
            upserted[path] = true
        }

        mutating func remove(_ path: String) {
            upserted[path] = false
        }

        mutating func merge(_ other: ChangeSet) {
            upserted.merge(other.upserted) { _, later in later }
        }

        /// The changes in path order.
        var changes: [FileChange] {
            upserted.keys.sorted().map { path in
                upserted[path] == true ? .upserted(path) : .removed(path)
            }
        }
    }
}
