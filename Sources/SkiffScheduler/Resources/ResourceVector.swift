/// Amounts of resources by ``ResourceSlotTable`` slot, as whole Int64 units (millicores for cpu). Slots past the
/// end read as zero, so vectors made before a scalar resource was registered need no resizing.
public struct ResourceVector: Sendable, Hashable {
    /// The amounts; may be shorter than the table.
    public private(set) var values: [Int64]

    /// All zero.
    public init() {
        values = []
    }

    /// A vector with the given leading amounts.
    public init(_ values: [Int64]) {
        self.values = values
    }

    /// The amounts of `list` in the slots of `table`, registering scalar resources met for the first time.
    public init(_ list: ResourceList, table: inout ResourceSlotTable) {
        self.init()
        for entry in list {
            guard let slot = table.register(entry.name) else { continue }
            self[slot] += ResourceSlotTable.amount(entry.quantity, slot: slot)
        }
    }

    /// The amount in `slot`; zero past the end. Setting grows the vector.
    public subscript(slot: Int) -> Int64 {
        get { slot < values.count ? values[slot] : 0 }
        set {
            if slot >= values.count {
                guard newValue != 0 else { return }
                values.append(contentsOf: repeatElement(0, count: slot - values.count + 1))
            }
            values[slot] = newValue
        }
    }

    /// Adds `other` slot by slot.
    public mutating func add(_ other: ResourceVector) {
        for slot in other.values.indices where other.values[slot] != 0 {
            self[slot] += other.values[slot]
        }
    }

    /// Subtracts `other` slot by slot.
    public mutating func subtract(_ other: ResourceVector) {
        for slot in other.values.indices where other.values[slot] != 0 {
            self[slot] -= other.values[slot]
        }
    }

    /// Whether every slot is zero.
    public var isZero: Bool { values.allSatisfy { $0 == 0 } }
}
