import Synchronization

/// The snapshot's nodes as columns (structure of arrays), so that a cycle judges thousands of nodes in tight loops
/// over plain arrays instead of calling every plugin on every ``NodeInfo``: per position, the cordon flag, an
/// interned taint list, an interned value per label key, and per resource slot what is allocatable and requested.
///
/// Kept in step with ``Snapshot/nodes`` by the snapshot itself (every upsert, removal and dry-run pod), so a column
/// read always agrees with the ``NodeInfo`` at the same position.
public struct NodeColumns: Sendable {
    /// A label key's values, interned: `ids[position]` is the node's value id, or -1 when it lacks the label.
    public struct LabelColumn: Sendable {
        /// Every value met, by id.
        public private(set) var values: [String] = []
        /// The id of each value.
        public private(set) var idOfValue: [String: Int32] = [:]
        /// Per position, the value id or -1.
        public internal(set) var ids: [Int32]

        init(count: Int) {
            ids = [Int32](repeating: -1, count: count)
        }

        mutating func intern(_ value: String) -> Int32 {
            if let id = idOfValue[value] { return id }
            let id = Int32(values.count)
            values.append(value)
            idOfValue[value] = id
            return id
        }
    }

    /// The number of positions.
    public private(set) var count = 0
    /// The node names, by position.
    public private(set) var names: [String] = []
    /// Every position, ascending (a cycle's starting candidates, copied rather than built).
    public private(set) var allPositions: [Int] = []
    /// The ``NodeInfo/objectStamp`` each position was last written from.
    private var objectStamps: [UInt64] = []
    /// `spec.unschedulable`, by position.
    public private(set) var unschedulable: [Bool] = []
    /// How many positions are cordoned (a pass over ``unschedulable`` is needed only when some are).
    public private(set) var cordonedCount = 0
    /// The interned taint list of each position.
    public private(set) var taintClass: [Int32] = []
    /// The distinct taint lists, by class.
    public private(set) var taintClasses: [[Taint]] = []
    private var classOfTaints: [[Taint]: Int32] = [:]
    /// One column per label key any node has had.
    public private(set) var labels: [String: LabelColumn] = [:]
    /// The pods a node accepts, by position.
    public private(set) var allowedPods: [Int64] = []
    /// The pods bound or assumed, by position.
    public private(set) var podCount: [Int64] = []
    /// Allocatable amounts: `allocatable[slot][position]`.
    public private(set) var allocatable: [[Int64]] = []
    /// Requested amounts: `requested[slot][position]`.
    public private(set) var requested: [[Int64]] = []
    /// The cpu requests with the scoring defaults, by position.
    public private(set) var nonZeroCPU: [Int64] = []
    /// The memory requests with the scoring defaults, by position.
    public private(set) var nonZeroMemory: [Int64] = []

    /// Identifies what the positions mean: renewed whenever a position is added or removed, or when a copy is
    /// changed on its own (a gang's dry run), so that results kept per position (``ShapeScores``) know they no
    /// longer apply.
    public private(set) var lineage = NodeColumns.newLineage()
    /// The positions changed since ``changesBase``, oldest first: `changes[i]` is change number `changesBase + i`.
    /// A position may appear more than once.
    public private(set) var changes: [Int32] = []
    /// The number of the oldest change still in ``changes`` (older ones are forgotten).
    public private(set) var changesBase = 0
    /// The number the next change will get.
    public var changeCount: Int { changesBase + changes.count }

    private static let lineages = Atomic<UInt64>(0)
    private static let keptChanges = 8192

    /// No nodes.
    public init() {}

    private static func newLineage() -> UInt64 {
        lineages.add(1, ordering: .relaxed).newValue
    }

    /// Marks every position as changed for whoever kept results from before (see ``lineage``).
    mutating func renewLineage() {
        lineage = Self.newLineage()
    }

    private mutating func recordChange(_ position: Int) {
        if changes.count >= 2 * Self.keptChanges {
            changes.removeFirst(Self.keptChanges)
            changesBase += Self.keptChanges
        }
        changes.append(Int32(truncatingIfNeeded: position))
    }

    /// Appends a position for `info`.
    mutating func append(_ info: NodeInfo) {
        renewLineage()
        allPositions.append(count)
        count += 1
        names.append(info.name)
        objectStamps.append(UInt64.max)  // no stamp: the first set writes everything
        unschedulable.append(false)
        taintClass.append(0)
        allowedPods.append(0)
        podCount.append(0)
        nonZeroCPU.append(0)
        nonZeroMemory.append(0)
        for slot in allocatable.indices {
            allocatable[slot].append(0)
            requested[slot].append(0)
        }
        // The keys are copied first: iterating the dictionary while mutating it would copy every column.
        for key in Array(labels.keys) {
            labels[key]!.ids.append(-1)
        }
        set(info, at: count - 1)
    }

    /// Writes everything of `info` at `position` (what comes from the node object only when its
    /// ``NodeInfo/objectStamp`` moved).
    mutating func set(_ info: NodeInfo, at position: Int) {
        var changed = false
        if objectStamps[position] != info.objectStamp {
            objectStamps[position] = info.objectStamp
            names[position] = info.name
            cordonedCount += (info.isUnschedulable ? 1 : 0) - (unschedulable[position] ? 1 : 0)
            unschedulable[position] = info.isUnschedulable
            taintClass[position] = internTaints(info.taints)
            setLabels(info.labels, at: position)
            changed = true
        }
        writeResources(info, at: position, changed: changed)
    }

    /// Writes only what pods change (requests and the pod count) of `info` at `position`.
    mutating func setResources(_ info: NodeInfo, at position: Int) {
        writeResources(info, at: position, changed: false)
    }

    /// Writes the resources of `info` at `position` and logs the position as changed when anything differs.
    private mutating func writeResources(_ info: NodeInfo, at position: Int, changed: Bool) {
        var changed = changed
        @inline(__always) func assign(_ column: inout [Int64], _ value: Int64) {
            if column[position] != value {
                column[position] = value
                changed = true
            }
        }
        assign(&allowedPods, info.allowedPodCount)
        assign(&podCount, Int64(info.podCount))
        assign(&nonZeroCPU, info.nonZeroRequestedCPU)
        assign(&nonZeroMemory, info.nonZeroRequestedMemory)
        let slots = max(info.allocatable.values.count, info.requested.values.count)
        ensureSlots(slots)
        for slot in allocatable.indices {
            assign(&allocatable[slot], info.allocatable(slot))
            assign(&requested[slot], info.requested(slot))
        }
        if changed { recordChange(position) }
    }

    /// Moves the last position into `position` and drops the last one (the snapshot's swap-removal).
    mutating func remove(at position: Int) {
        renewLineage()
        let last = count - 1
        if unschedulable[position] { cordonedCount -= 1 }
        allPositions.removeLast()
        func move<T>(_ array: inout [T]) {
            if position != last { array[position] = array[last] }
            array.removeLast()
        }
        move(&names)
        move(&objectStamps)
        move(&unschedulable)
        move(&taintClass)
        move(&allowedPods)
        move(&podCount)
        move(&nonZeroCPU)
        move(&nonZeroMemory)
        for slot in allocatable.indices {
            move(&allocatable[slot])
            move(&requested[slot])
        }
        for key in Array(labels.keys) {
            move(&labels[key]!.ids)
        }
        count -= 1
    }

    /// The amount of `slot` allocatable at `position` (zero for a slot no node has).
    @inline(__always)
    func allocatable(_ slot: Int, _ position: Int) -> Int64 {
        slot < allocatable.count ? allocatable[slot][position] : 0
    }

    private mutating func ensureSlots(_ slots: Int) {
        while allocatable.count < slots {
            allocatable.append([Int64](repeating: 0, count: count))
            requested.append([Int64](repeating: 0, count: count))
        }
    }

    private mutating func internTaints(_ taints: [Taint]) -> Int32 {
        if let id = classOfTaints[taints] { return id }
        let id = Int32(taintClasses.count)
        taintClasses.append(taints)
        classOfTaints[taints] = id
        return id
    }

    private mutating func setLabels(_ nodeLabels: [String: String], at position: Int) {
        for key in Array(labels.keys) where nodeLabels[key] == nil && labels[key]!.ids[position] != -1 {
            labels[key]!.ids[position] = -1
        }
        for (key, value) in nodeLabels {
            if labels[key] == nil { labels[key] = LabelColumn(count: count) }
            let id = labels[key]!.intern(value)
            labels[key]!.ids[position] = id
        }
    }
}
