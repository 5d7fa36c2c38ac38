import Dispatch
import Glibc
import Logging

/// Watches a manifests folder and every folder below it with inotify, and reports batches of ``FileChange``s.
///
/// - At ``start()`` it scans the whole tree and reports every manifest file as upserted (this first batch is
///   delivered even when empty, so a consumer knows the initial listing is complete).
/// - Afterwards it reports files written (`IN_CLOSE_WRITE`), moved in or out, and deleted; new folders are
///   watched and the files already inside reported; a removed folder's files are reported as removed.
/// - Events are debounced on the injected ``Clock`` when a file was written in place (`IN_CLOSE_WRITE`, which
///   may come in bursts): a batch goes out once no event arrived for ``Configuration/debounce`` (or
///   ``Configuration/maxBatchDelay`` after its first event, so a constant stream of events cannot hold it back),
///   with one change per path. Atomic changes alone (a rename or move into the folder, as editors and
///   `kubectl`-style tools save; a removal; a new folder or symlink) go out as soon as they are read: an editor's
///   write-temp-then-rename burst is one upsert anyway, since temp names are ignored.
/// - Only manifest files count, as ``ManifestFileFilter`` says; dotfiles, dot-folders and editor temp files are
///   ignored.
/// - Symlinks to files and folders are followed; a folder reachable by several paths (or by a symlink loop) is
///   walked once: under a path without symlinks if the tree has one, else under the first path in name order.
/// - A lost event queue (`IN_Q_OVERFLOW`) triggers a full rescan, which reports the difference from the known
///   files (compared by identity, size and modification time). When inotify watches run out, or the root
///   itself disappears, it logs a warning and rescans every ``Configuration/fallbackRescanInterval`` until
///   watches suffice again.
///
/// It never reads file contents. The handler is called on the watcher's own serial queue, one batch at a time,
/// in order.
public final class FolderWatcher: Sendable {
    /// Tuning knobs.
    public struct Configuration: Sendable, Hashable {
        /// How long the folder must be quiet before a batch goes out.
        public var debounce: Duration
        /// The longest a batch waits after its first event, however busy the folder.
        public var maxBatchDelay: Duration
        /// How often to rescan while watches are missing (watch limit reached, or root gone).
        public var fallbackRescanInterval: Duration
        /// The most inotify watches (one per folder) this watcher uses; `nil` for as many as the system allows
        /// (`fs.inotify.max_user_watches`, shared by all of the user's processes). Beyond it, periodic rescans.
        public var maxWatches: Int?
        /// Which names are manifests.
        public var filter: ManifestFileFilter

        /// Creates a configuration; the defaults suit a manifests folder edited by people and by `git`.
        public init(
            debounce: Duration = .milliseconds(20),
            maxBatchDelay: Duration = .milliseconds(500),
            fallbackRescanInterval: Duration = .seconds(10),
            maxWatches: Int? = nil,
            filter: ManifestFileFilter = ManifestFileFilter()
        ) {
            self.debounce = debounce
            self.maxBatchDelay = maxBatchDelay
            self.fallbackRescanInterval = fallbackRescanInterval
            self.maxWatches = maxWatches
            self.filter = filter
        }
    }

    /// The watched folder, as given (without trailing slashes).
    public let root: String
    /// The watcher's configuration.
    public let configuration: Configuration

    private let clock: any Clock
    private let logger: Logger
    private let handler: @Sendable ([FileChange]) -> Void
    private let queue: DispatchQueue
    private let queueKey = DispatchSpecificKey<Void>()
    private let state = ConditionLock(State())

    /// Creates a watcher; nothing happens until ``start()``.
    ///
    /// - Parameters:
    ///   - root: The folder to watch; symlinks are followed.
    ///   - configuration: Debounce window, fallback rescans, filter.
    ///   - clock: Times the debounce window and fallback rescans.
    ///   - logger: Receives warnings about watch limits.
    ///   - handler: Receives each batch, on the watcher's queue; must not call ``stop()`` and wait on another
    ///     thread that waits for this watcher.
    public init(
        root: String,
        configuration: Configuration = Configuration(),
        clock: any Clock = SystemClock(),
        logger: Logger = Logger(label: "skiff.watcher"),
        handler: @escaping @Sendable ([FileChange]) -> Void
    ) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") {
            root.removeLast()
        }
        self.root = root
        self.configuration = configuration
        self.clock = clock
        var logger = logger
        logger[metadataKey: "root"] = .string(root)
        self.logger = logger
        self.handler = handler
        self.queue = DispatchQueue(label: "skiff.watcher")
        queue.setSpecific(key: queueKey, value: ())
    }

    deinit {
        // A resumed Dispatch source outlives its owner until cancelled; cancelling also closes the descriptor.
        state.withLock { state in
            state.debounceTimer?.cancel()
            state.fallbackTimer?.cancel()
            if case .running(let running) = state.lifecycle {
                running.source.cancel()
            }
        }
    }

    /// Whether `path` is a folder (after following symlinks) that a watcher could start on.
    public static func isFolder(_ path: String) -> Bool {
        FileStatus.of(path)?.kind == .directory
    }

    /// Opens inotify, scans the tree and starts watching; the first batch (the scan) follows on the watcher's
    /// queue.
    ///
    /// - Throws: ``FolderWatcherError``.
    public func start() throws(FolderWatcherError) {
        let result: Result<Void, FolderWatcherError> = queue.sync {
            let started = state.withLock { state -> Result<[FileChange], FolderWatcherError> in
                guard case .idle = state.lifecycle else { return .failure(.alreadyStarted) }
                guard let status = FileStatus.of(root), status.kind == .directory else {
                    return .failure(.rootNotADirectory(root))
                }
                let inotify: Inotify
                switch Result(catching: { () throws(FolderWatcherError) in try Inotify() }) {
                case .success(let opened): inotify = opened
                case .failure(let error): return .failure(error)
                }
                let source = DispatchSource.makeReadSource(fileDescriptor: inotify.descriptor, queue: queue)
                let descriptor = inotify.descriptor
                let closed = DispatchSemaphore(value: 0)
                source.setEventHandler { @Sendable [weak self] in
                    self?.readEvents()
                }
                source.setCancelHandler { @Sendable in
                    // Closing only here: the descriptor must outlive its registration with Dispatch.
                    close(descriptor)
                    closed.signal()
                }
                var tree = WatchedTree(
                    root: root,
                    filter: configuration.filter,
                    maxWatches: configuration.maxWatches,
                    inotify: inotify
                )
                let changes = tree.rescanAll().changes
                state.tree = tree
                state.lifecycle = .running(Running(source: DispatchSourceHandle(source), closed: closed))
                source.activate()
                updateFallbackLocked(&state)
                return .success(changes)
            }
            switch started {
            case .success(let changes):
                queue.async { [self] in
                    deliver(changes, evenIfEmpty: true)
                }
                return .success(())
            case .failure(let error):
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Stops watching and closes the inotify descriptor; no batch is delivered after it returns. Idempotent.
    ///
    /// Called from the handler, it stops at once but the descriptor closes just after the handler returns.
    public func stop() {
        if DispatchQueue.getSpecific(key: queueKey) != nil {
            _ = stopOnQueue()
        } else {
            let closed = queue.sync { stopOnQueue() }
            closed?.wait()
        }
    }

    /// Rescans the whole tree now (on the watcher's queue) and reports the difference from the known files.
    public func rescan() {
        queue.async { [self] in
            flush(forceRescan: true)
        }
    }

    /// The manifest files known right now, sorted.
    public var knownFiles: [String] {
        state.withLock { $0.tree?.files.keys.sorted() ?? [] }
    }

    /// Folders watched with inotify right now.
    public var watchCount: Int {
        state.withLock { $0.tree?.watchCount ?? 0 }
    }

    /// Paths touched by events and waiting for the debounce window. Reading it waits for the watcher's queue,
    /// so tests use it as a barrier too.
    var pendingPaths: Set<String> {
        queue.sync { state.withLock { $0.pendingPaths } }
    }

    // MARK: - On the watcher's queue

    private func readEvents() {
        let flushNow = state.withLock { state -> Bool in
            guard case .running = state.lifecycle, var tree = state.tree else { return false }
            state.tree = nil  // Moved out so that the tree is edited in place, without copy-on-write copies.
            var touched = false
            for event in tree.inotify.readEvents() {
                switch tree.effect(of: event) {
                case .none:
                    continue
                case .resync(let path):
                    state.pendingPaths.insert(path)
                    if event.has(IN_CLOSE_WRITE) {
                        state.needsQuiet = true
                        state.writtenPaths.insert(path)
                    }
                case .recheckFiles(let folder):
                    state.pendingFolders.insert(folder)
                case .rescan:
                    state.rescanPending = true
                }
                touched = true
            }
            state.tree = tree
            guard touched else { return false }
            if !state.needsQuiet {
                // Nothing written in place: every change is whole already, and waiting would only add latency.
                return true
            }
            let now = clock.now
            state.lastEventAt = now
            if state.debounceTimer == nil {
                state.batchStartedAt = now
                state.debounceTimer = scheduleOnQueue(after: configuration.debounce) { watcher in
                    watcher.debounceFired()
                }
            }
            return false
        }
        if flushNow { flush(forceRescan: false) }
    }

    private func debounceFired() {
        let waitLonger = state.withLock { state -> Bool in
            guard case .running = state.lifecycle else { return true }
            state.debounceTimer = nil
            guard let lastEventAt = state.lastEventAt, let batchStartedAt = state.batchStartedAt else { return false }
            let now = clock.now
            let quietFor = lastEventAt.duration(to: now)
            guard quietFor < configuration.debounce, batchStartedAt.duration(to: now) < configuration.maxBatchDelay
            else { return false }
            state.debounceTimer = scheduleOnQueue(after: configuration.debounce - quietFor) { watcher in
                watcher.debounceFired()
            }
            return true
        }
        if !waitLonger {
            flush(forceRescan: false)
        }
    }

    private func flush(forceRescan: Bool) {
        let changes = state.withLock { state -> [FileChange] in
            guard case .running = state.lifecycle, var tree = state.tree else { return [] }
            state.tree = nil
            let changes: WatchedTree.ChangeSet
            if forceRescan || state.rescanPending {
                if state.rescanPending {
                    logger.notice("inotify event queue overflowed; rescanning")
                }
                changes = tree.rescanAll(touched: state.pendingPaths)
            } else {
                changes = tree.resync(
                    state.pendingPaths,
                    written: state.writtenPaths,
                    recheckingFilesIn: state.pendingFolders
                )
            }
            state.tree = tree
            state.pendingPaths = []
            state.writtenPaths = []
            state.pendingFolders = []
            state.rescanPending = false
            state.needsQuiet = false
            state.lastEventAt = nil
            state.batchStartedAt = nil
            state.debounceTimer?.cancel()
            state.debounceTimer = nil
            updateFallbackLocked(&state)
            return changes.changes
        }
        deliver(changes, evenIfEmpty: false)
    }

    private func deliver(_ changes: [FileChange], evenIfEmpty: Bool) {
        guard !changes.isEmpty || evenIfEmpty else { return }
        let isRunning = state.withLock { state in
            if case .running = state.lifecycle { true } else { false }
        }
        // Still on the serial queue: a stop() from another thread waits for this call to return.
        if isRunning {
            handler(changes)
        }
    }

    /// Starts or ends periodic rescans as the tree needs them, logging the transitions.
    private func updateFallbackLocked(_ state: inout State) {
        guard let tree = state.tree else { return }
        if tree.needsPeriodicRescan {
            if !state.fallbackActive {
                state.fallbackActive = true
                let interval = "\(configuration.fallbackRescanInterval)"
                if tree.watchLimitReached {
                    logger.warning(
                        "inotify watch limit reached; falling back to periodic rescans",
                        metadata: [
                            "watches": "\(tree.watchCount)",
                            "limit": "\(configuration.maxWatches.map(String.init) ?? "fs.inotify.max_user_watches")",
                            "interval": "\(interval)",
                        ]
                    )
                } else {
                    logger.warning(
                        "Watched root is gone; rescanning periodically",
                        metadata: ["interval": "\(interval)"]
                    )
                }
            }
            if state.fallbackTimer == nil {
                state.fallbackTimer = scheduleOnQueue(after: configuration.fallbackRescanInterval) { watcher in
                    watcher.fallbackFired()
                }
            }
        } else if state.fallbackActive {
            state.fallbackActive = false
            state.fallbackTimer?.cancel()
            state.fallbackTimer = nil
            logger.info("inotify watches cover the tree again; periodic rescans stopped")
        }
    }

    private func fallbackFired() {
        let isRunning = state.withLock { state in
            state.fallbackTimer = nil
            if case .running = state.lifecycle { return true } else { return false }
        }
        if isRunning {
            flush(forceRescan: true)
        }
    }

    private func stopOnQueue() -> DispatchSemaphore? {
        state.withLock { state in
            defer { state.lifecycle = .stopped }
            state.debounceTimer?.cancel()
            state.debounceTimer = nil
            state.fallbackTimer?.cancel()
            state.fallbackTimer = nil
            guard case .running(let running) = state.lifecycle else { return nil }
            running.source.cancel()
            return running.closed
        }
    }

    /// Schedules `work` on the clock, hopping to the watcher's queue when it fires; holds the watcher weakly.
    private func scheduleOnQueue(
        after delay: Duration,
        _ work: @escaping @Sendable (FolderWatcher) -> Void
    ) -> ScheduledWork {
        clock.schedule(after: delay) { [weak self] in
            guard let self else { return }
            queue.async { work(self) }
        }
    }
}

extension FolderWatcher {
    private struct Running: Sendable {
        var source: DispatchSourceHandle
        var closed: DispatchSemaphore
    }

    private enum Lifecycle: Sendable {
        case idle
        case running(Running)
        case stopped
    }

    private struct State: Sendable {
        var lifecycle = Lifecycle.idle
        var tree: WatchedTree?
        var pendingPaths: Set<String> = []
        /// The pending paths written in place (`IN_CLOSE_WRITE`): reported even when their signature looks the
        /// same, since timestamps are coarser than writes.
        var writtenPaths: Set<String> = []
        var pendingFolders: Set<String> = []
        var rescanPending = false
        /// Whether a pending path was written in place (`IN_CLOSE_WRITE`): such writes may come in bursts, so the
        /// batch waits for the folder to be quiet. Without one, the batch holds only atomic changes (a file
        /// renamed or moved in, a removal, a symlink or folder made) and goes out at once.
        var needsQuiet = false
        var lastEventAt: MonotonicInstant?
        var batchStartedAt: MonotonicInstant?
        var debounceTimer: ScheduledWork?
        var fallbackTimer: ScheduledWork?
        var fallbackActive = false
    }
}
