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
                let (key, version) = identities[index]
                s.store(found[index], for: key, version: version, maxBytes: maxBytes)
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
