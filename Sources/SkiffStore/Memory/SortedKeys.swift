/// A set kept in ascending order as a list of sorted chunks (the layout of Python's `sortedcontainers`):
/// finding a key is two binary searches, an insert or removal moves at most one chunk's elements (plus, on the
/// rare split or emptied chunk, one reference per chunk), and iterating from any key costs only what it visits.
/// For the sizes the store targets (10⁵–10⁶ keys) this is a few hundred chunks, so writes stay effectively
/// logarithmic with far better locality than a node-per-key tree.
struct SortedKeys<Key: Comparable & Sendable>: Sendable {
    /// A chunk that reaches this size is split in two.
    private static var splitSize: Int { 1024 }

    private var chunks: [[Key]] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Inserts `key`; returns false when it was already present.
    @discardableResult
    mutating func insert(_ key: Key) -> Bool {
        guard !chunks.isEmpty else {
            chunks.append([key])
            count = 1
            return true
        }
        let c = chunkIndex(for: key)
        let i = Self.lowerBound(of: key, in: chunks[c])
        if i < chunks[c].count && chunks[c][i] == key { return false }
        chunks[c].insert(key, at: i)
        count += 1
        if chunks[c].count >= Self.splitSize {
            let half = Self.splitSize / 2
            let upper = Array(chunks[c][half...])
            chunks[c].removeSubrange(half...)
            chunks.insert(upper, at: c + 1)
        }
        return true
    }

    /// Removes `key`; returns false when it was absent.
    @discardableResult
    mutating func remove(_ key: Key) -> Bool {
        guard !chunks.isEmpty else { return false }
        let c = chunkIndex(for: key)
        let i = Self.lowerBound(of: key, in: chunks[c])
        guard i < chunks[c].count && chunks[c][i] == key else { return false }
        chunks[c].remove(at: i)
        count -= 1
        if chunks[c].isEmpty { chunks.remove(at: c) }
        return true
    }

    func contains(_ key: Key) -> Bool {
        guard !chunks.isEmpty else { return false }
        let chunk = chunks[chunkIndex(for: key)]
        let i = Self.lowerBound(of: key, in: chunk)
        return i < chunk.count && chunk[i] == key
    }

    /// Calls `body` with the keys from `start` on (all keys when nil; strictly after `start` unless
    /// `inclusive`), in ascending order, until it returns false.
    func forEach(from start: Key? = nil, inclusive: Bool = true, _ body: (Key) -> Bool) {
        guard !chunks.isEmpty else { return }
        var c = 0
        var i = 0
        if let start {
            c = chunkIndex(for: start)
            i = inclusive ? Self.lowerBound(of: start, in: chunks[c]) : Self.upperBound(of: start, in: chunks[c])
        }
        while c < chunks.count {
            let chunk = chunks[c]
            while i < chunk.count {
                guard body(chunk[i]) else { return }
                i += 1
            }
            c += 1
            i = 0
        }
    }

    /// Every key in order.
    var elements: [Key] {
        var result: [Key] = []
        result.reserveCapacity(count)
        for chunk in chunks { result += chunk }
        return result
    }

    /// The chunk that holds `key` or would: the first whose last key is not less than `key`, else the last.
    private func chunkIndex(for key: Key) -> Int {
        var low = 0
        var high = chunks.count - 1
        while low < high {
            let mid = (low + high) / 2
            if chunks[mid][chunks[mid].count - 1] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose key is not less than `key`.
    private static func lowerBound(of key: Key, in chunk: [Key]) -> Int {
        var low = 0
        var high = chunk.count
        while low < high {
            let mid = (low + high) / 2
            if chunk[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose key is greater than `key`.
    private static func upperBound(of key: Key, in chunk: [Key]) -> Int {
        var low = 0
        var high = chunk.count
        while low < high {
            let mid = (low + high) / 2
            if key < chunk[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
