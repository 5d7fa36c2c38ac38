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
        /// Where each object of the last good version starts in the file, by key.
        var marks: [ObjectKey: Mark] = [:]
        /// The objects of the last good version as read (annotated), by key; nil for a file restored from the saved
        /// file table without being read, whose objects the store holds (see ``SavedManifestFile``).
        var objects: [ObjectKey: any APIObject]? = [:]
        /// The size of the last good version, counted against the folder's total limit.
        var bytes = 0
        /// The signature taken just before the last good version was read, when it can be trusted (not racy).
        var signature: ManifestFileSignature?
        /// A write of one of its objects failed since it was last read: it must be read again at the next start.
        var writeFailed = false
    }

    /// The saved file table, read from the store at the first batch and dropped once the first full scan is in
    /// (``pruneUndeclared(kinds:)``): later changes are always read.
    private enum SavedTable {
        case unread
        case loaded([String: [UInt8]])
        case done
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
        /// What the saved file table's entries must match (see ``SavedManifestFile/fingerprint``).
        var fingerprint: UInt64
        var saved = SavedTable.unread
        /// Files whose saved entry must be written (or removed) with the next store batch.
        var dirty = Set<String>()
        /// How recent a file's change may be for its signature to be trusted (see
        /// ``ManifestFileSignature/isRacy(takenAt:margin:)``), in nanoseconds.
        var racyMargin = ManifestFileSignature.racyMargin

        init(root: String, fingerprint: (String) -> UInt64) {
            self.root = root
            self.realRoot = ManifestReader.realFolderPath(root)
            self.fingerprint = fingerprint(realRoot)
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
        self.state = Mutex(
            State(root: root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root) { realRoot in
                SavedManifestFile.fingerprint(decoder: decoder, realRoot: realRoot)
            }
        )
        self.store = store
        self.decoder = decoder
        self.events = events
        self.now = now
        self.logger = logger
        self.retain = retain
    }

    /// Trusts the signatures of files changed up to `nanoseconds` before they were read (see
    /// ``ManifestFileSignature/isRacy(takenAt:margin:)``): tests, which write files just before loading them.
    func setRacyMargin(nanoseconds: Int64) {
        state.withLock { $0.racyMargin = nanoseconds }
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
            guard let owner = s.declarations[key]?.first, let record = s.files[owner], let mark = record.marks[key]
            else { return nil }
            return (owner, mark.line, record.state.phase != .invalid)
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
        let (root, realRoot, fingerprint, margin, saved) = state.withLock { s in
            let saved = savedEntries(for: changes, in: &s)
            return (s.root, s.realRoot, s.fingerprint, s.racyMargin, saved)
        }
        let decoded = readAndDecode(
            changes,
            root: root,
            realRoot: realRoot,
            fingerprint: fingerprint,
            racyMargin: margin,
            saved: saved
        )
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
            readRestoredOwners(of: &touchedKeys, in: &s)
            if !isLast {
                // Keys no file declares now may be declared again by a later slice: decided at the last one.
                let undeclared = touchedKeys.filter { s.declarations[$0] == nil }
                s.pendingKeys.formUnion(undeclared)
                touchedKeys.subtract(undeclared)
            }
            reconcile(touchedKeys, in: &s)
        }
    }

    /// The saved entries of the slice's files that the loader has not seen yet (the first scan after a start),
    /// by relative path; reads the saved table from the store the first time.
    private func savedEntries(for changes: ArraySlice<FileChange>, in s: inout State) -> [String: [UInt8]] {
        if case .unread = s.saved {
            s.saved = .loaded(store.records(table: SavedManifestFile.tableName))
        }
        guard case .loaded(let table) = s.saved, !table.isEmpty else { return [:] }
        var entries: [String: [UInt8]] = [:]
        for change in changes {
            guard case .upserted(let changed) = change else { continue }
            let path = relative(changed, s.root)
            if s.files[path] == nil, let entry = table[path] { entries[path] = entry }
        }
        return entries
    }

    /// A file read and decoded outside the loader's lock.
    private enum FileRead: Sendable {
        case gone
        case failed(String)
        /// Read and decoded; `signature` is the file's stat before the read, when it can be trusted.
        case decoded(bytes: Int, ManifestResult, signature: ManifestFileSignature?)
        /// The stat matches the file's saved entry: restored from it without reading.
        case unchanged(SavedManifestFile)
    }

    /// Reads and decodes the slice's upserted files, on every core at once, before the lock is taken: reading and
    /// decoding is most of a cold start's work, and independent from file to file. A file with a saved entry
    /// (`saved`) whose stat matches it is not read. Keyed by relative path.
    private func readAndDecode(
        _ changes: ArraySlice<FileChange>,
        root: String,
        realRoot: String,
        fingerprint: UInt64,
        racyMargin: Int64,
        saved: [String: [UInt8]]
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
            results.set(
                index,
                Self.read(path, root: root, realRoot: realRoot, decoder: decoder, racyMargin: racyMargin) { signature in
                    guard let raw = saved[path], let entry = SavedManifestFile(decoding: raw),
                        entry.fingerprint == fingerprint, entry.signature == signature
                    else { return nil }
                    return entry
                }
            )
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

    /// Reads and decodes one file, after taking its signature; `unchanged` answers the saved entry the signature
    /// matches, if any, and then the file is not read.
    private static func read(
        _ path: String,
        root: String,
        realRoot: String,
        decoder: ManifestDecoder,
        racyMargin: Int64,
        unchanged: (ManifestFileSignature) -> SavedManifestFile? = { _ in nil }
    ) -> FileRead {
        let absolute = path.hasPrefix("/") ? path : "\(root)/\(path)"
        // The signature is taken before the read: a change after it shows as another signature next time.
        let takenAt = ManifestFileSignature.wallNanoseconds()
        let signature = ManifestFileSignature.of(absolute)
        if let signature, let entry = unchanged(signature) { return .unchanged(entry) }
        switch ManifestReader.read(absolute, maxBytes: decoder.limits.maxBytes, confinedTo: realRoot) {
        case .gone: return .gone
        case .failed(let message): return .failed(message)
        case .bytes(let bytes):
            let trusted = signature.flatMap { $0.isRacy(takenAt: takenAt, margin: racyMargin) ? nil : $0 }
            return .decoded(bytes: bytes.count, decoder.decode(bytes: bytes, file: path), signature: trusted)
        }
    }

    /// Deletes objects that carry the source annotation but that no file declares any more (they were loaded by
    /// an earlier run whose files have since gone), and the saved entries of files gone. Call once after the
    /// first full scan.
    public func pruneUndeclared(kinds: [any APIObject.Type]) {
        state.withLock { s in
            var forgotten: [String] = []
            if case .loaded(let table) = s.saved {
                forgotten = table.keys.filter { s.files[$0] == nil }.sorted()
            }
            s.saved = .done
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
                    for path in forgotten {
                        try writer.putRecord(nil, key: path, table: SavedManifestFile.tableName)
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
            // The old folder's saved entries go with the next batch (the new folder's may overwrite them).
            let dirty = s.dirty
            let margin = s.racyMargin
            s = State(root: newRoot.hasSuffix("/") && newRoot.count > 1 ? String(newRoot.dropLast()) : newRoot) {
                realRoot in SavedManifestFile.fingerprint(decoder: decoder, realRoot: realRoot)
            }
            s.pendingKeys = keys
            s.dirty = dirty
            s.racyMargin = margin
            s.saved = .done
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
            let takenAt = ManifestFileSignature.wallNanoseconds()
            let signature = ManifestFileSignature.of(absolute(path, s.root))
            switch ManifestReader.read(absolute(path, s.root), maxBytes: decoder.limits.maxBytes, confinedTo: s.realRoot) {
            case .gone: read = .gone
            case .failed(let message): read = .failed(message)
            case .bytes(let bytes):
                let trusted = signature.flatMap { $0.isRacy(takenAt: takenAt, margin: s.racyMargin) ? nil : $0 }
                // Decoded only once the total limit below lets it in.
                return loadBytes(path, bytes.count, signature: trusted, into: &s) {
                    decoder.decode(bytes: bytes, file: path)
                }
            }
        }
        switch read! {
        case .gone:
            return remove(path, from: &s)
        case .failed(let message):
            fail(path, [FieldError.wholeFile(path, message)], warnings: [], in: &s)
            return []
        case .decoded(let count, let result, let signature):
            return loadBytes(path, count, signature: signature, into: &s) { result }
        case .unchanged(let entry):
            // Known already (an API write applied it meanwhile) or over the total limit: read as usual.
            return restore(path, entry, into: &s) ?? load(path, into: &s)
        }
    }

    /// Applies a file of `count` bytes whose decoding `decode` gives, within the folder's total limit.
    private func loadBytes(
        _ path: String,
        _ count: Int,
        signature: ManifestFileSignature?,
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
        var objects: [ObjectKey: any APIObject] = [:]
        var marks: [ObjectKey: Mark] = [:]
        var duplicates: [FieldError] = []
        for item in result.objects {
            let object = annotated(item.object, path: path)
            let key = object.key
            if let first = marks[key] {
                duplicates.append(
                    FieldError(
                        file: path,
                        mark: item.mark,
                        path: "",
                        message: "\(key) is declared twice in this file (first at line \(first.line))"
                    )
                )
            }
            objects[key] = object
            marks[key] = item.mark
        }
        if !duplicates.isEmpty {
            fail(path, duplicates, warnings: result.warnings, in: &s)
            return []
        }
        let previous = s.files[path]?.marks ?? [:]
        for key in previous.keys where marks[key] == nil {
            s.declarations[key]?.removeAll { $0 == path }
            if s.declarations[key]?.isEmpty == true { s.declarations[key] = nil }
        }
        for key in marks.keys where previous[key] == nil {
            declare(key, in: path, &s)
        }
        let wasInvalid = s.files[path]?.state.phase == .invalid
        s.totalBytes += count - previousBytes
        s.files[path] = FileRecord(
            state: ManifestFileState(
                path: path,
                phase: .applied,
                warnings: result.warnings,
                objects: marks.keys.sorted(),
                lastRead: now()
            ),
            marks: marks,
            objects: objects,
            bytes: count,
            signature: signature
        )
        s.dirty.insert(path)
        if wasInvalid {
            events?.record(.manifestFile(path), type: EventType.normal, reason: "ManifestApplied", message: "\(path) is valid again")
        }
        return Set(previous.keys).union(marks.keys)
    }

    /// Takes a file seen for the first time from its saved entry, whose signature it still has: its objects are
    /// known by key and place only, and the store holds them as they were written. Nil when it cannot be (the
    /// file is known already, or the folder's total limit would refuse it): it is then read.
    private func restore(_ path: String, _ entry: SavedManifestFile, into s: inout State) -> Set<ObjectKey>? {
        guard s.files[path] == nil, s.totalBytes + entry.bytes <= maxTotalBytes else { return nil }
        var marks: [ObjectKey: Mark] = [:]
        marks.reserveCapacity(entry.objects.count)
        for (key, mark) in entry.objects {
            marks[key] = mark
            declare(key, in: path, &s)
        }
        s.totalBytes += entry.bytes
        s.files[path] = FileRecord(
            state: ManifestFileState(
                path: path,
                phase: .applied,
                warnings: entry.warnings,
                objects: entry.objects.map { $0.key },
                lastRead: entry.lastRead
            ),
            marks: marks,
            objects: nil,
            bytes: entry.bytes,
            signature: entry.signature
        )
        return Set(marks.keys)
    }

    /// Adds `path` to the files declaring `key`, in path order.
    private func declare(_ key: ObjectKey, in path: String, _ s: inout State) {
        var owners = s.declarations[key] ?? []
        owners.insert(path, at: owners.firstIndex(where: { $0 > path }) ?? owners.count)
        s.declarations[key] = owners
    }

    /// Reads the restored files (see ``restore(_:_:into:)``) that own one of `keys` but whose object the store
    /// does not hold as theirs — another file owned it until a change, or it was deleted — so that reconciling
    /// writes their version, as a loader that had read every file would. Repeats until none is left: reading a
    /// file may touch more keys.
    private func readRestoredOwners(of keys: inout Set<ObjectKey>, in s: inout State) {
        while true {
            var stale = Set<String>()
            for key in keys {
                guard let owner = s.declarations[key]?.first, s.files[owner]?.objects == nil else { continue }
                if store.get(key)?.metadata.annotations[Self.sourceAnnotation] != owner { stale.insert(owner) }
            }
            guard !stale.isEmpty else { return }
            for path in stale.sorted() {
                if s.files[path]?.state.phase == .invalid {
                    keys.formUnion(forgetLastGoodVersion(of: path, in: &s))
                } else {
                    keys.formUnion(load(path, into: &s))
                }
            }
        }
    }

    private func remove(_ path: String, from s: inout State) -> Set<ObjectKey> {
        guard let record = s.files.removeValue(forKey: path) else { return [] }
        s.dirty.insert(path)
        s.totalBytes -= record.bytes
        for key in record.marks.keys {
            s.declarations[key]?.removeAll { $0 == path }
            if s.declarations[key]?.isEmpty == true { s.declarations[key] = nil }
        }
        return Set(record.marks.keys)
    }

    /// Records a file's errors; its last good version stays in force.
    private func fail(_ path: String, _ errors: [FieldError], warnings: [FieldError], in s: inout State) {
        var record = s.files[path] ?? FileRecord(state: ManifestFileState(path: path, phase: .invalid, lastRead: now()))
        let alreadyReported = record.state.phase == .invalid && record.state.errors == errors
        record.state.phase = .invalid
        record.state.errors = errors
        record.state.warnings = warnings
        record.state.lastRead = now()
        s.files[path] = record
        s.dirty.insert(path)
        guard !alreadyReported else { return }
        let kept = record.marks.isEmpty ? "" : " (its last good version stays in force)"
        let first = errors.first.map(\.description) ?? path
        let more = errors.count > 1 ? " (and \(errors.count - 1) more)" : ""
        logger.warning("invalid manifest \(first)\(more)\(kept)")
        events?.record(.manifestFile(path), type: EventType.warning, reason: "InvalidManifest", message: "\(first)\(more)\(kept)")
    }

    /// Drops the last good version of an invalid file restored from the saved table, which was never read and so
    /// cannot be written: the file then declares nothing, as after a start that read it. Returns its keys.
    private func forgetLastGoodVersion(of path: String, in s: inout State) -> Set<ObjectKey> {
        guard var record = s.files[path] else { return [] }
        let keys = Set(record.marks.keys)
        for key in keys {
            s.declarations[key]?.removeAll { $0 == path }
            if s.declarations[key]?.isEmpty == true { s.declarations[key] = nil }
        }
        s.totalBytes -= record.bytes
        record.marks = [:]
        record.objects = [:]
        record.bytes = 0
        record.state.objects = []
        s.files[path] = record
        logger.warning("\(path) is invalid and its last good version was not read since the start: its objects go")
        return keys
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
        let dirty = s.dirty
        do {
            try store.batch { writer in
                for key in keys.sorted() {
                    let owners = s.declarations[key] ?? []
                    filesToRefresh.formUnion(owners)
                    if let owner = owners.first, let record = s.files[owner], record.objects == nil {
                        // Restored and not read: the store holds its object (`readRestoredOwners` checked).
                        continue
                    }
                    guard let owner = owners.first, let desired = s.files[owner]?.objects?[key] else {
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
                // The saved entries of the files changed go in the same transaction as their objects.
                try saveEntries(of: s.dirty, in: &s, writer: writer)
            }
        } catch {
            logger.error("cannot apply \(written.count) objects: \(error)")
            for (key, owner) in written { noteWriteFailure(key, owner: owner, error: error, in: &s) }
            // Nothing was saved: the entries go with the next batch.
            s.dirty.formUnion(dirty)
        }
        for path in filesToRefresh {
            refreshConflicts(path, in: &s)
        }
    }

    /// Writes the saved entry of each of `paths` (or removes it, for a file gone, invalid, or whose object could
    /// not be written), and clears them from the dirty set.
    private func saveEntries(of paths: Set<String>, in s: inout State, writer: any StoreWriter) throws {
        for path in paths.sorted() {
            var value: [UInt8]?
            if let record = s.files[path], record.state.phase != .invalid, !record.writeFailed,
                let signature = record.signature
            {
                value = SavedManifestFile(
                    fingerprint: s.fingerprint,
                    signature: signature,
                    bytes: record.bytes,
                    lastRead: record.state.lastRead,
                    warnings: record.state.warnings,
                    objects: record.marks.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                ).encoded()
            }
            try writer.putRecord(value, key: path, table: SavedManifestFile.tableName)
        }
        s.dirty.subtract(paths)
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
        let mark = s.files[owner]?.marks[key] ?? .none
        s.files[owner]?.state.errors.append(
            FieldError(file: owner, mark: mark, path: "", message: "cannot apply \(key): \(error)")
        )
        s.files[owner]?.writeFailed = true
        s.dirty.insert(owner)
    }

    private func refreshConflicts(_ path: String, in s: inout State) {
        guard var record = s.files[path], record.state.phase != .invalid else { return }
        var conflicts: [FieldError] = []
        for (key, mark) in record.marks.sorted(by: { $0.key < $1.key }) {
            guard let owner = s.declarations[key]?.first, owner != path else { continue }
            conflicts.append(
                FieldError(
                    file: path,
                    mark: mark,
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
