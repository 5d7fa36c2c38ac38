/// A node's pods in chunks of shared storage. Every cycle's snapshot shares its nodes' ``NodeInfo``s with the
/// cache, so the next change to a node copies its storage: with the pods in chunks, that copy takes a reference to
/// each chunk, and adding or removing a pod copies at most the one chunk it touches — the cost of a placement stays
/// the same however many pods the node already holds.
struct PlacedPodList: Sendable {
    /// Up to ``chunkSize`` pods. Written only while uniquely referenced (checked before every write), so a chunk
    /// reachable from two lists (or two threads) is never mutated — which is why the unchecked `Sendable` is safe.
    private final class Chunk: @unchecked Sendable {
        var pods: [PlacedPod]

        init(_ pods: [PlacedPod]) {
            self.pods = pods
            self.pods.reserveCapacity(PlacedPodList.chunkSize)
        }
    }

    static let chunkSize = 16

    private var chunks: [Chunk] = []
    /// The number of pods.
    private(set) var count = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    /// Every pod, in the order they were added (removals keep the others' order).
    var elements: [PlacedPod] {
        var all: [PlacedPod] = []
        all.reserveCapacity(count)
        for chunk in chunks { all.append(contentsOf: chunk.pods) }
        return all
    }

    /// The pod with `key`, or nil.
    func pod(_ key: PodKey) -> PlacedPod? {
        for chunk in chunks {
            if let pod = chunk.pods.first(where: { $0.key == key }) { return pod }
        }
        return nil
    }

    mutating func append(_ pod: PlacedPod) {
        if let last = chunks.indices.last, chunks[last].pods.count < Self.chunkSize {
            if !isKnownUniquelyReferenced(&chunks[last]) {
                chunks[last] = Chunk(chunks[last].pods)
            }
            chunks[last].pods.append(pod)
        } else {
            chunks.append(Chunk([pod]))
        }
        count += 1
    }

    /// Puts `pod` in place of the pod with the same key; false when there is none.
    mutating func replace(_ pod: PlacedPod) -> Bool {
        for position in chunks.indices {
            guard let index = chunks[position].pods.firstIndex(where: { $0.key == pod.key }) else { continue }
            if !isKnownUniquelyReferenced(&chunks[position]) {
                chunks[position] = Chunk(chunks[position].pods)
            }
            chunks[position].pods[index] = pod
            return true
        }
        return false
    }

    /// Removes and returns the pod with `key`, or nil when it is not here.
    mutating func remove(_ key: PodKey) -> PlacedPod? {
        for position in chunks.indices {
            guard let index = chunks[position].pods.firstIndex(where: { $0.key == key }) else { continue }
            if !isKnownUniquelyReferenced(&chunks[position]) {
                chunks[position] = Chunk(chunks[position].pods)
            }
            let pod = chunks[position].pods.remove(at: index)
            if chunks[position].pods.isEmpty { chunks.remove(at: position) }
            count -= 1
            return pod
        }
        return nil
    }
}
