/// The devices of one resource on one node (`nvidia.com/gpu` indices `0..<capacity`) and which pod holds each.
public struct DeviceTable: Sendable, Hashable {
    /// The node offers devices `0..<capacity` (its allocatable count of the resource).
    public internal(set) var capacity: Int
    /// The pod holding each held index. May name indices at or past ``capacity`` when a node shrank under running
    /// pods; those are never handed out again.
    public internal(set) var holders: [Int: PodKey]

    /// `capacity` devices, none held.
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        self.holders = [:]
    }

    /// The free indices below ``capacity``, ascending.
    public var free: [Int] {
        (0..<capacity).filter { holders[$0] == nil }
    }

    /// How many indices below ``capacity`` are free.
    public var freeCount: Int {
        capacity - holders.keys.reduce(0) { $0 + ($1 < capacity ? 1 : 0) }
    }

    /// Whether `pod` may take every index of `indices`: none is held by another pod.
    public func canHold(_ indices: [Int], for pod: PodKey) -> Bool {
        indices.allSatisfy { holders[$0] == nil || holders[$0] == pod }
    }

    /// Marks `indices` as held by `pod`; indices held by another pod are left to it.
    mutating func hold(_ indices: [Int], for pod: PodKey) {
        for index in indices where holders[index] == nil {
            holders[index] = pod
        }
    }

    /// Frees the indices of `indices` that `pod` holds.
    mutating func release(_ indices: [Int], for pod: PodKey) {
        for index in indices where holders[index] == pod {
            holders[index] = nil
        }
    }
}
