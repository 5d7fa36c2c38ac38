import Synchronization

/// The serialized JSON of objects, keyed by object and resourceVersion, so that a list (or get) of objects that
/// have not changed since they were last served copies their bytes instead of encoding them again — as the API
/// server's watch cache keeps each object's serialization.
///
/// An entry is valid only for the resourceVersion it was made at: a write gives the object a new version, so a
/// stale entry is never served, only replaced. Memory is bounded by `maxBytes`: past it the cache is emptied
/// (entries of deleted objects go then too), which costs one re-encoding of each object still served.
public final class EncodedObjectCache: Sendable {
    private struct Entry {
        var version: ResourceVersion
        var bytes: [UInt8]
    }

    private struct State {
        var entries: [ObjectKey: Entry] = [:]
        var bytes = 0
        var hits = 0
        var misses = 0

        /// Keeps `bytes` for `key`, emptying the cache first when they would overflow `maxBytes`.
        mutating func store(_ bytes: [UInt8], for key: ObjectKey, version: ResourceVersion, maxBytes: Int) {
            if let old = entries[key] { self.bytes -= old.bytes.count }
            if self.bytes + bytes.count > maxBytes {
                entries.removeAll(keepingCapacity: true)
                self.bytes = 0
            }
            entries[key] = Entry(version: version, bytes: bytes)
            self.bytes += bytes.count
        }
    }

    private let state = Mutex(State())
    /// The budget of serialized text kept, in bytes.
    public let maxBytes: Int

    public init(maxBytes: Int = 64 << 20) {
        self.maxBytes = maxBytes
    }

    /// The object as compact JSON bytes, from the cache when its resourceVersion is the cached one.
    public func bytes(of object: any APIObject) -> [UInt8] {
        let (key, version) = Self.identity(object)
        if let cached = state.withLock({ s -> [UInt8]? in
            guard let entry = s.entries[key], entry.version == version else {
                s.misses += 1
                return nil
            }
            s.hits += 1
            return entry.bytes
        }) {
            return cached
        }
        let bytes = Self.encode(object)
        // An object without a resourceVersion (never stored) is not cached: 0 would match every such object.
        guard version != 0 else { return bytes }
        state.withLock { $0.store(bytes, for: key, version: version, maxBytes: maxBytes) }
        return bytes
    }

    /// Each object's bytes, in order: cached ones looked up under one lock, the others encoded outside it and
    /// then kept under one more. A list of thousands thus takes the lock twice, not once per object.
    public func bytes(of objects: [any APIObject]) -> [[UInt8]] {
        let identities = objects.map(Self.identity)
        var missing: [Int] = []
        var found: [[UInt8]] = state.withLock { s in
            var found: [[UInt8]] = []
            found.reserveCapacity(objects.count)
            for (index, identity) in identities.enumerated() {
                if let entry = s.entries[identity.key], entry.version == identity.version {
                    found.append(entry.bytes)
                } else {
                    found.append([])
                    missing.append(index)
                }
            }
            s.hits += objects.count - missing.count
            s.misses += missing.count
            return found
        }
        guard !missing.isEmpty else { return found }
        for index in missing { found[index] = Self.encode(objects[index]) }
        state.withLock { s in
            for index in missing where identities[index].version != 0 {
                s.store(found[index], for: identities[index].key, version: identities[index].version, maxBytes: maxBytes)
            }
        }
        return found
    }

    /// The object as compact JSON text, from the cache when its resourceVersion is the cached one.
    public func text(of object: any APIObject) -> String {
        String(decoding: bytes(of: object), as: UTF8.self)
    }

    /// The object as a JSON value that writes the cached text verbatim. `JSONValue.number` holds a number's
    /// literal text and is written as is, so it carries any pre-serialized JSON through the response encoder.
    public func value(of object: any APIObject) -> JSONValue {
        .number(text(of: object))
    }

    /// How many lookups were served from the cache and how many encoded (for tests and metrics).
    public var counts: (hits: Int, misses: Int) {
        state.withLock { ($0.hits, $0.misses) }
    }

    /// How many objects are cached.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The object's key and resourceVersion, reading its metadata once (a read through the existential copies it).
    static func identity(_ object: any APIObject) -> (key: ObjectKey, version: ResourceVersion) {
        let metadata = object.metadata
        let key = ObjectKey(type(of: object).resource.groupKind, namespace: metadata.namespace, name: metadata.name)
        return (key, metadata.resourceVersion)
    }

    private static func encode(_ object: any APIObject) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        object.encoded().write(to: &bytes, pretty: false, indent: 0)
        return bytes
    }
}


/// The serialized Table rows of objects, keyed by object and resourceVersion, so that `kubectl get` of objects
/// that have not changed copies each row's bytes instead of printing and encoding it again.
///
/// A row is cached wide (every column) with its cells already JSON strings, except the cells that depend on the
/// time they are printed at (ages): those are holes filled per request. Which cells those are is found when the
/// row is made, by printing it at two times a century apart: a cell that reads the same at both does not depend
/// on the time (ages are `HumanDuration`s, which differ at any two such times). A hole whose text is the object's
/// AGE at both times is filled with ``APIObject/age(now:)``; any other (a pod's `RESTARTS (5m ago)`, an event's
/// LAST SEEN) by printing that object's row again at the request's time.
///
/// Memory is bounded by `maxBytes` as ``EncodedObjectCache``'s is.
public final class TableRowCache: Sendable {
    /// One object's row: `pieces` interleaved with `holes` (`pieces.count == holes.count + 1`); the first piece
    /// opens the row (`{"cells":[`), the last closes the cells (`]`). Plus the object's metadata as JSON, for
    /// the `PartialObjectMetadata` rows carry by default.
    struct Row: Sendable {
        enum Hole: Sendable {
            /// The object's AGE.
            case age
            /// The cell at this column index, printed at the request's time.
            case printed(Int)
        }

        var version: ResourceVersion
        var pieces: [[UInt8]]
        var holes: [Hole]
        var metadata: [UInt8]

        var size: Int { pieces.reduce(metadata.count) { $0 + $1.count } }
    }

    private struct State {
        var rows: [ObjectKey: Row] = [:]
        var bytes = 0
        var hits = 0
        var misses = 0
    }

    private let state = Mutex(State())
    /// The budget of serialized rows kept, in bytes.
    public let maxBytes: Int

    public init(maxBytes: Int = 64 << 20) {
        self.maxBytes = maxBytes
    }

    /// Each object's row, in order, making (and keeping) the ones not cached at their resourceVersion.
    func rows(_ type: any APIObject.Type, of objects: [any APIObject], now: Timestamp) -> [Row] {
        let identities = objects.map(EncodedObjectCache.identity)
        var missing: [Int] = []
        var found: [Row] = state.withLock { s in
            var found: [Row] = []
            found.reserveCapacity(objects.count)
            for (index, identity) in identities.enumerated() {
                if let row = s.rows[identity.key], row.version == identity.version {
                    found.append(row)
                } else {
                    found.append(Row(version: 0, pieces: [], holes: [], metadata: []))
                    missing.append(index)
                }
            }
            s.hits += objects.count - missing.count
            s.misses += missing.count
            return found
        }
        guard !missing.isEmpty else { return found }
        for index in missing { found[index] = Self.row(type, objects[index], now: now) }
        state.withLock { s in
            for index in missing where identities[index].version != 0 {
                let key = identities[index].key
                let row = found[index]
                if let old = s.rows[key] { s.bytes -= old.size }
                if s.bytes + row.size > maxBytes {
                    s.rows.removeAll(keepingCapacity: true)
                    s.bytes = 0
                }
                s.rows[key] = row
                s.bytes += row.size
            }
        }
        return found
    }

    /// How many rows were served from the cache and how many printed (for tests).
    public var counts: (hits: Int, misses: Int) {
        state.withLock { ($0.hits, $0.misses) }
    }

    /// A century: far enough that every `HumanDuration` printed at `now` and at `now + probe` differs.
    static let probeSeconds: Int64 = 100 * 365 * 86400

    /// Prints and serializes one object's row.
    static func row(_ type: any APIObject.Type, _ object: any APIObject, now: Timestamp) -> Row {
        let later = Timestamp(seconds: now.seconds + probeSeconds)
        let cells = TablePrinter.table(type, [object], wide: true, now: now).rows.first ?? []
        let laterCells = TablePrinter.table(type, [object], wide: true, now: later).rows.first ?? []
        let age = (object.age(now: now), object.age(now: later))
        var pieces: [[UInt8]] = []
        var holes: [Row.Hole] = []
        var current = Array(#"{"cells":["#.utf8)
        for (index, cell) in cells.enumerated() {
            if index > 0 { current.append(UInt8(ascii: ",")) }
            let laterCell = index < laterCells.count ? laterCells[index] : cell
            if cell == laterCell {
                JSONValue.string(cell).write(to: &current, pretty: false, indent: 0)
                continue
            }
            pieces.append(current)
            current = []
            holes.append((cell, laterCell) == age ? .age : .printed(index))
        }
        current.append(UInt8(ascii: "]"))
        pieces.append(current)
        var metadata: [UInt8] = []
        object.metadata.encoded().write(to: &metadata, pretty: false, indent: 0)
        return Row(version: object.metadata.resourceVersion, pieces: pieces, holes: holes, metadata: metadata)
    }
}
