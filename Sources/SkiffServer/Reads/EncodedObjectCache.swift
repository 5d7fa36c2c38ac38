import Synchronization

/// The serialized JSON of objects, keyed by object and resourceVersion, so that a list (or get) of objects that
/// have not changed since they were last served copies their bytes instead of encoding them again — as the API
/// server's watch cache keeps each object's serialization.
///
/// An entry is valid only for the resourceVersion it was made at: a write gives the object a new version, so a
/// stale entry is never served, only replaced. Memory is bounded by `maxBytes`: past it the cache is emptied
/// (entries of deleted objects go then too), which costs one re-encoding of each object still served.
public final class EncodedObjectCache: Sendable {
    private struct State {
        var entries: [ObjectKey: (version: ResourceVersion, text: String)] = [:]
        var bytes = 0
        var hits = 0
        var misses = 0
    }

    private let state = Mutex(State())
    /// The budget of serialized text kept, in bytes.
    public let maxBytes: Int

    public init(maxBytes: Int = 64 << 20) {
        self.maxBytes = maxBytes
    }

    /// The object as compact JSON text, from the cache when its resourceVersion is the cached one.
    public func text(of object: any APIObject) -> String {
        let key = object.key
        let version = object.metadata.resourceVersion
        if let cached = state.withLock({ s -> String? in
            guard let entry = s.entries[key], entry.version == version else {
                s.misses += 1
                return nil
            }
            s.hits += 1
            return entry.text
        }) {
            return cached
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        object.encoded().write(to: &bytes, pretty: false, indent: 0)
        let text = String(decoding: bytes, as: UTF8.self)
        // An object without a resourceVersion (never stored) is not cached: 0 would match every such object.
        guard version != 0 else { return text }
        state.withLock { s in
            if let old = s.entries[key] { s.bytes -= old.text.utf8.count }
            if s.bytes + text.utf8.count > maxBytes {
                s.entries.removeAll(keepingCapacity: true)
                s.bytes = 0
            }
            s.entries[key] = (version, text)
            s.bytes += text.utf8.count
        }
        return text
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
}
