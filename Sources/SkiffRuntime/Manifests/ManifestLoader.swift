import Dispatch
import Logging
import Synchronization

/// Turns the manifests folder into objects in the store: reads each changed file, and — when it parses and
/// validates — creates, updates and deletes the objects it declares. A file that fails keeps its last good objects
/// in force and gets a per-file error and an Event; no other file is affected. When two files declare the same
/// object the first by path wins and the other gets an error naming both.
///
/// The loader is level-based like a reconciler: for every object a change touches it recomputes which file owns it
/// and writes that file's version (or deletes it when no file declares it any more), so events can be coalesced,
/// repeated or replayed after a rescan without harm.
public final class ManifestLoader: Sendable {
    /// The annotation naming the file an object came from (relative to the manifests folder).
    public static let sourceAnnotation = "skiff.dev/manifest"

    private let store: any ObjectStore
    private let decoder: ManifestDecoder
    private let events: (any EventRecording)?
    private let now: @Sendable () -> Timestamp
    private let logger: Logger
    private let retain: Retention
    /// The most bytes of manifests in force at once, over all files: a folder flooded with large files stops
    /// growing the daemon's memory here, file by file, with an error on each file refused.
    private let maxTotalBytes: Int
    /// The default of ``maxTotalBytes``: 512 MiB, a hundred times a large real folder.
    public static let defaultMaxTotalBytes = 512 * 1024 * 1024
    private let state: Mutex<State>

    /// Copies onto a manifest's object, before it replaces the stored one, what controllers wrote outside status
    /// (`desired`, `stored`). A file declares what a user wants; what controllers add to metadata and spec
    /// (finalizers, a pod's binding, device annotations) must survive the file being read again, as fields
    /// owned by other managers survive `kubectl apply`.
    public typealias Retention = @Sendable (_ desired: inout any APIObject, _ stored: any APIObject) -> Void

    /// The default ``Retention``: the stored object's finalizers that the file does not declare are kept
    /// (controllers add them and remove them when done), and a bound pod keeps its `spec.nodeName` (immutable once
    /// set, as in Kubernetes) when the file names no node.
    public static let retainControllerFields: Retention = { desired, stored in
        for finalizer in stored.metadata.finalizers where !desired.metadata.finalizers.contains(finalizer) {
            desired.metadata.finalizers.append(finalizer)
        }
        if var pod = desired as? Pod, let bound = stored as? Pod, pod.spec.nodeName.isEmpty,
            !bound.spec.nodeName.isEmpty
        {
            pod.spec.nodeName = bound.spec.nodeName
            desired = pod
        }
    }

    private struct FileRecord {
        var state: ManifestFileState
        /// The objects of the last good version, by key, with where each starts in the file.
        var objects: [ObjectKey: ManifestObject] = [:]
        /// The size of the last good version, counted against the folder's total limit.
        var bytes = 0
    }

    private struct State {
        var files: [String: FileRecord] = [:]
        /// For each declared object, the files that declare it, sorted; the first is the owner.
        var declarations: [ObjectKey: [String]] = [:]
        /// The sum of every file's last good size.
        var totalBytes = 0
        /// The manifests folder, without a trailing slash.
        var root: String
        /// The root with symlinks resolved: files whose real path is outside it are refused.
        var realRoot: String
        /// Keys of the previous folder's files after ``retarget(root:)``, reconciled with the next batch (the new
        /// folder's initial scan) so that objects declared in both folders are updated, never deleted and re-made.
        var pendingKeys = Set<ObjectKey>()

        init(root: String) {
            self.root = root
            self.realRoot = ManifestReader.realFolderPath(root)
        }
    }

    public init(
        root: String,
        store: any ObjectStore,
        decoder: ManifestDecoder,
        events: (any EventRecording)? = nil,
        now: @escaping @Sendable () -> Timestamp,
        logger: Logger = Logger(label: "skiff.loader"),
        retain: @escaping Retention = ManifestLoader.retainControllerFields,
        maxTotalBytes: Int = ManifestLoader.defaultMaxTotalBytes
    ) {
        self.maxTotalBytes = maxTotalBytes
        self.state = Mutex(State(root: root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root))
        self.store = store
        self.decoder = decoder
        self.events = events
        self.now = now
        self.logger = logger
        self.retain = retain
    }

    /// Every file's state, sorted by path.
    public func fileStates() -> [ManifestFileState] {
        state.withLock { s in s.files.values.map(\.state).sorted { $0.path < $1.path } }
    }

    /// Where `key` is declared: the owning file (relative to the manifests folder), the line its document
    /// starts at in the file's last good version, and whether the file reads as valid now. Nil when no file
    /// declares it. API writes use it to update the object in its own file.
    public func declaration(of key: ObjectKey) -> (path: String, line: Int, isValid: Bool)? {
        state.withLock { s in
            guard let owner = s.declarations[key]?.first, let record = s.files[owner],
                let item = record.objects[key]
            else { return nil }
            return (owner, item.mark.line, record.state.phase != .invalid)
        }
    }

    /// The errors of every file that has them, in path order.
    public func errors() -> [FieldError] {
        fileStates().flatMap(\.errors)
    }

    /// Applies a batch of file changes from the folder watcher. Paths are absolute (under the root) or relative.
    ///
    /// A large batch (a flood of files, the first scan of a big folder) is applied in slices of
    /// ``sliceSize`` changes, each under the loader's lock on its own, so that readers of the files' states (the
    /// API's file list, metrics, the status line) wait for one slice at most, never for the whole batch. Slicing
    /// keeps the order of changes; deletions wait for the batch's last slice, so that an object whose file was
    /// renamed (removed in one slice, added in a later one) is updated in place, never deleted and made again.
    public func handle(_ changes: [FileChange]) {
        var start = changes.startIndex
        repeat {
            let end = min(start + Self.sliceSize, changes.endIndex)
            handleSlice(changes[start..<end], isLast: end == changes.endIndex)
            start = end
        } while start < changes.endIndex
    }

    /// How many file changes are applied under one hold of the lock.
    public static let sliceSize = 256

    private func handleSlice(_ changes: ArraySlice<FileChange>, isLast: Bool) {
        let (root, realRoot) = state.withLock { s in (s.root, s.realRoot) }
        let decoded = readAndDecode(changes, root: root, realRoot: realRoot)
        state.withLock { s in
            // A retarget between the read and now makes the reads stale: they are made again under the lock.
            let ready = s.root == root ? decoded : [:]
            var touchedKeys = s.pendingKeys
            s.pendingKeys = []
            for change in changes {
                switch change {
                case .upserted(let path):
                    let path = relative(path, s.root)
                    touchedKeys.formUnion(load(path, into: &s, read: ready[path]))
                case .removed(let path): touchedKeys.formUnion(remove(relative(path, s.root), from: &s))
                }
            }
            if !isLast {
                // Keys no file declares now may be declared again by a later slice: decided at the last one.
                let undeclared = touchedKeys.filter { s.declarations[$0] == nil }
                s.pendingKeys.formUnion(undeclared)
                touchedKeys.subtract(undeclared)
            }
            reconcile(touchedKeys, in: &s)
        }
    }

    /// A file read and decoded outside the loader's lock.
    private enum FileRead: Sendable {
        case gone
        case failed(String)
        case decoded(bytes: Int, ManifestResult)
    }

    /// Reads and decodes the slice's upserted files, on every core at once, before the lock is taken: reading and
    /// decoding is most of a cold start's work, and independent from file to file. Keyed by relative path.
    private func readAndDecode(
        _ changes: ArraySlice<FileChange>,
        root: String,
        realRoot: String
    ) -> [String: FileRead] {
        var paths: [String] = []
        var seen = Set<String>()
        for change in changes {
            if case .upserted(let path) = change {
                let path = relative(path, root)
                if seen.insert(path).inserted { paths.append(path) }
            }
        }
        guard !paths.isEmpty else { return [:] }
        let results = ParallelSlots<FileRead>(count: paths.count)
        let files = paths
        let decoder = self.decoder
        let work = { @Sendable (index: Int) in
            let path = files[index]
            let read: FileRead
            switch ManifestReader.read(
                path.hasPrefix("/") ? path : "\(root)/\(path)",
                maxBytes: decoder.limits.maxBytes,
                confinedTo: realRoot
            ) {
            case .gone: read = .gone
            case .failed(let message): read = .failed(message)
            case .bytes(let bytes): read = .decoded(bytes: bytes.count, decoder.decode(bytes: bytes, file: path))
            }
            results.set(index, read)
        }
        if paths.count == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: paths.count, execute: work)
        }
        var byPath: [String: FileRead] = [:]
        byPath.reserveCapacity(paths.count)
        for (index, path) in paths.enumerated() { byPath[path] = results.get(index) }
        return byPath
    }

    /// Deletes objects that carry the source annotation but that no file declares any more (they were loaded by
    /// an earlier run whose files have since gone). Call once after the first full scan.
    public func pruneUndeclared(kinds: [any APIObject.Type]) {
        state.withLock { s in
            // One batch: one transaction for all the deletions.
            do {
                try store.batch { writer in
                    for kind in kinds {
                        let items = (try? store.list(kind.resource.groupKind, options: ListOptions()))?.items ?? []
                        for object in items {
                            guard object.metadata.annotations[Self.sourceAnnotation] != nil,
                                s.declarations[object.key] == nil
                            else { continue }
                            logger.info("pruning \(object.key): its manifest is gone")
                            _ = try? writer.delete(object.key, preconditions: DeletePreconditions())
                        }
                    }
                }
            } catch {
                logger.error("cannot prune objects whose manifests are gone: \(error)")
            }
        }
    }

    // MARK: - Files

    /// The manifests folder now.
    public var rootPath: String { state.withLock { $0.root } }

    /// Points the loader at another folder (a reload that changed `manifests`): every file of the old folder is
    /// forgotten, and the objects they declared are reconciled together with the next batch — the new folder's
    /// initial scan, which the folder watcher delivers even when empty. Objects the new folder declares too are
    /// updated in place; the rest are deleted.
    public func retarget(root newRoot: String) {
        state.withLock { s in
            var keys = s.pendingKeys
            for path in s.files.keys.sorted() { keys.formUnion(remove(path, from: &s)) }
            s = State(root: newRoot.hasSuffix("/") && newRoot.count > 1 ? String(newRoot.dropLast()) : newRoot)
            s.pendingKeys = keys
        }
    }

    private func relative(_ path: String, _ root: String) -> String {
        if path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
        return path
    }

    private func absolute(_ path: String, _ root: String) -> String {
        path.hasPrefix("/") ? path : "\(root)/\(path)"
    }

    /// Reads and decodes one file (unless `read` holds it already); returns the keys whose owner or content may
    /// have changed.
    private func load(_ path: String, into s: inout State, read: FileRead? = nil) -> Set<ObjectKey> {
        var read = read
        if read == nil {
            switch ManifestReader.read(absolute(path, s.root), maxBytes: decoder.limits.maxBytes, confinedTo: s.realRoot) {
            case .gone: read = .gone
            case .failed(let message): read = .failed(message)
            case .bytes(let bytes):
                // Decoded only once the total limit below lets it in.
                return loadBytes(path, bytes.count, into: &s) { decoder.decode(bytes: bytes, file: path) }
            }
        }
        switch read! {
        case .gone:
            return remove(path, from: &s)
        case .failed(let message):
            fail(path, [FieldError.wholeFile(path, message)], warnings: [], in: &s)
            return []
        case .decoded(let count, let result):
            return loadBytes(path, count, into: &s) { result }
        }
    }

    /// Applies a file of `count` bytes whose decoding `decode` gives, within the folder's total limit.
    private func loadBytes(
        _ path: String,
        _ count: Int,
        into s: inout State,
        decode: () -> ManifestResult
    ) -> Set<ObjectKey> {
        let previousBytes = s.files[path]?.bytes ?? 0
        if s.totalBytes - previousBytes + count > maxTotalBytes {
            let message = "refused: the manifests in force total \(s.totalBytes - previousBytes) bytes, and this "
                + "file's \(count) would bring them over the limit of \(maxTotalBytes) bytes "
                + "(limits.maxTotalBytes)"
            fail(path, [FieldError.wholeFile(path, message)], warnings: [], in: &s)
            return []
        }
        let result = decode()
        guard result.isValid else {
            fail(path, result.errors, warnings: result.warnings, in: &s)
            return []
        }
        var objects: [ObjectKey: ManifestObject] = [:]
        var duplicates: [FieldError] = []
        for var item in result.objects {
            item.object = annotated(item.object, path: path)
            let key = item.object.key
            if let first = objects[key] {
                duplicates.append(
                    FieldError(
                        file: path,
                        mark: item.mark,
                        path: "",
                        message: "\(key) is declared twice in this file (first at line \(first.mark.line))"
                    )
                )
            }
            objects[key] = item
        }
        if !duplicates.isEmpty {
            fail(path, duplicates, warnings: result.warnings, in: &s)
            return []
        }
        let previous = s.files[path]?.objects ?? [:]
        for key in previous.keys where objects[key] == nil {
            s.declarations[key]?.removeAll { $0 == path }
            if s.declarations[key]?.isEmpty == true { s.declarations[key] = nil }
        }
        for key in objects.keys where previous[key] == nil {
            var owners = s.declarations[key] ?? []
            owners.insert(path, at: owners.firstIndex(where: { $0 > path }) ?? owners.count)
            s.declarations[key] = owners
        }
        let wasInvalid = s.files[path]?.state.phase == .invalid
        s.totalBytes += count - previousBytes
        s.files[path] = FileRecord(
            state: ManifestFileState(
                path: path,
                phase: .applied,
                warnings: result.warnings,
                objects: objects.keys.sorted(),
                lastRead: now()
            ),
            objects: objects,
            bytes: count
        )
        if wasInvalid {
            events?.record(.manifestFile(path), type: EventType.normal, reason: "ManifestApplied", message: "\(path) is valid again")
        }
        return Set(previous.keys).union(objects.keys)
    }

    private func remove(_ path: String, from s: inout State) -> Set<ObjectKey> {
        guard let record = s.files.removeValue(forKey: path) else { return [] }
        s.totalBytes -= record.bytes
        for key in record.objects.keys {
            s.declarations[key]?.removeAll { $0 == path }
            if s.declarations[key]?.isEmpty == true { s.declarations[key] = nil }
        }
        return Set(record.objects.keys)
    }

    private func fail(_ path: String, _ errors: [FieldError], warnings: [FieldError], in s: inout State) {
        var record = s.files[path] ?? FileRecord(state: ManifestFileState(path: path, phase: .invalid, lastRead: now()))
        let alreadyReported = record.state.phase == .invalid && record.state.errors == errors
        record.state.phase = .invalid
        record.state.errors = errors
        record.state.warnings = warnings
        record.state.lastRead = now()
        s.files[path] = record
        guard !alreadyReported else { return }
        let kept = record.objects.isEmpty ? "" : " (its last good version stays in force)"
        let first = errors.first.map(\.description) ?? path
        let more = errors.count > 1 ? " (and \(errors.count - 1) more)" : ""
        logger.warning("invalid manifest \(first)\(more)\(kept)")
        events?.record(.manifestFile(path), type: EventType.warning, reason: "InvalidManifest", message: "\(first)\(more)\(kept)")
    }

    private func annotated(_ object: any APIObject, path: String) -> any APIObject {
        var copy = object
        copy.metadata.annotations[Self.sourceAnnotation] = path
        return copy
    }

    // MARK: - Objects

    /// Writes the owner's version of every touched key, or deletes keys no file declares, then refreshes the
    /// conflict errors of every file that declares a touched key.
    ///
    /// The writes go in one store batch (for a durable store, one transaction for the whole slice rather than one
    /// per object); when the batch cannot be made durable, none of them happened and every written key's file gets
    /// the error.
    private func reconcile(_ keys: Set<ObjectKey>, in s: inout State) {
        var filesToRefresh = Set<String>()
        var written: [(key: ObjectKey, owner: String)] = []
        do {
            try store.batch { writer in
                for key in keys.sorted() {
                    let owners = s.declarations[key] ?? []
                    filesToRefresh.formUnion(owners)
                    guard let owner = owners.first, let desired = s.files[owner]?.objects[key]?.object else {
                        if let existing = writer.get(key), existing.metadata.annotations[Self.sourceAnnotation] != nil {
                            do {
                                _ = try writer.delete(key, preconditions: DeletePreconditions())
                            } catch {
                                logger.error("cannot delete \(key): \(error)")
                            }
                        }
                        continue
                    }
                    write(desired, owner: owner, in: &s, writer: writer)
                    written.append((key, owner))
                }
            }
        } catch {
            logger.error("cannot apply \(written.count) objects: \(error)")
            for (key, owner) in written { noteWriteFailure(key, owner: owner, error: error, in: &s) }
        }
        for path in filesToRefresh {
            refreshConflicts(path, in: &s)
        }
    }

    private func write(_ desired: any APIObject, owner: String, in s: inout State, writer: any StoreWriter) {
        do {
            if let stored = writer.get(desired.key) {
                var update = desired
                retain(&update, stored)
                update.metadata.resourceVersion = 0
                _ = try writer.update(update)
            } else {
                _ = try writer.create(desired)
            }
        } catch {
            logger.error("cannot apply \(desired.key) from \(owner): \(error)")
            noteWriteFailure(desired.key, owner: owner, error: error, in: &s)
        }
    }

    private func noteWriteFailure(_ key: ObjectKey, owner: String, error: any Error, in s: inout State) {
        let mark = s.files[owner]?.objects[key]?.mark ?? .none
        s.files[owner]?.state.errors.append(
            FieldError(file: owner, mark: mark, path: "", message: "cannot apply \(key): \(error)")
        )
    }

    private func refreshConflicts(_ path: String, in s: inout State) {
        guard var record = s.files[path], record.state.phase != .invalid else { return }
        var conflicts: [FieldError] = []
        for (key, item) in record.objects.sorted(by: { $0.key < $1.key }) {
            guard let owner = s.declarations[key]?.first, owner != path else { continue }
            conflicts.append(
                FieldError(
                    file: path,
                    mark: item.mark,
                    path: "",
                    message: "\(key) is also declared in \(owner), which wins (the first file by path); "
                        + "this declaration is ignored"
                )
            )
        }
        let newPhase: ManifestFileState.Phase = conflicts.isEmpty ? .applied : .conflict
        if conflicts != record.state.errors.filter({ $0.message.contains("is also declared in") }) && !conflicts.isEmpty {
            events?.record(
                .manifestFile(path),
                type: EventType.warning,
                reason: "DuplicateObject",
                message: conflicts.map(\.description).joined(separator: "; ")
            )
        }
        record.state.phase = newPhase
        record.state.errors = conflicts
        s.files[path] = record
    }
}
