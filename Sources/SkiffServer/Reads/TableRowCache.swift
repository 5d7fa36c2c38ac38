import Synchronization

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
    /// A class: a list hands thousands of rows around, and a reference costs one retain where the fields would
    /// cost one each.
    final class Row: Sendable {
        enum Hole: Sendable {
            /// The object's AGE.
            case age
            /// The cell at this column index, printed at the request's time.
            case printed(Int)
        }

        let version: ResourceVersion
        let pieces: [[UInt8]]
        let holes: [Hole]
        let metadata: [UInt8]
        /// The object's creationTimestamp, which its AGE is printed from (kept so that printing an age does not
        /// read the object's metadata again).
        let created: Timestamp?
        let size: Int

        init(version: ResourceVersion, pieces: [[UInt8]], holes: [Hole], metadata: [UInt8], created: Timestamp?) {
            self.version = version
            self.pieces = pieces
            self.holes = holes
            self.metadata = metadata
            self.created = created
            self.size = pieces.reduce(metadata.count) { $0 + $1.count }
        }

        /// The AGE cell at `now`, as ``APIObject/age(now:)`` prints it.
        func age(now: Timestamp) -> String {
            created.map { HumanDuration.since($0, now: now) } ?? "<unknown>"
        }

        static let empty = Row(version: 0, pieces: [], holes: [], metadata: [], created: nil)
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
                    found.append(Row.empty)
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
        let meta = object.metadata
        var metadata: [UInt8] = []
        meta.encoded().write(to: &metadata, pretty: false, indent: 0)
        return Row(
            version: meta.resourceVersion,
            pieces: pieces,
            holes: holes,
            metadata: metadata,
            created: meta.creationTimestamp
        )
    }
}
