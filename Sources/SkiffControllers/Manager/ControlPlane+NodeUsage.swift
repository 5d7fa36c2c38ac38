import SkiffScheduler

extension ControlPlane {
    /// Every node's requests against its allocatable, its devices and their holders, and its device history, from
    /// the scheduler's cache: the `NodeUsageList` document of `GET /skiff/v1/top/nodes` (see CONTRACTS.md).
    public func nodeUsageDocument() -> JSONValue {
        let snapshot = scheduler.cache.makeSnapshot()
        let table = snapshot.table
        var history: [String: [DeviceLedgerEntry]] = [:]
        for entry in scheduler.cache.deviceHistory() {
            history[entry.node, default: []].append(entry)
        }
        let items: [JSONValue] = snapshot.nodes.map { info in
            let node = info.node
            let ready = node?.status.conditions[type: .ready]?.status == .true
            var resources: [JSONValue] = []
            func add(_ name: ResourceName, slot: Int, requested: Int64, allocatable: Int64) {
                let percent = allocatable > 0 ? requested * 100 / allocatable : 0
                resources.append(
                    .object([
                        "name": .string(name.rawValue),
                        "requested": .string(Self.quantity(requested, slot: slot).canonical),
                        "allocatable": .string(Self.quantity(allocatable, slot: slot).canonical),
                        "percent": .int(percent),
                    ])
                )
            }
            for slot in [ResourceSlotTable.cpu, ResourceSlotTable.memory] {
                add(table.names[slot], slot: slot, requested: info.requested(slot), allocatable: info.allocatable(slot))
            }
            let storage = ResourceSlotTable.ephemeralStorage
            if info.allocatable(storage) > 0 || info.requested(storage) > 0 {
                add(
                    table.names[storage],
                    slot: storage,
                    requested: info.requested(storage),
                    allocatable: info.allocatable(storage)
                )
            }
            add(.pods, slot: ResourceSlotTable.pods, requested: Int64(info.podCount), allocatable: info.allowedPodCount)
            let others = (ResourceSlotTable.pods + 1..<table.count).filter { slot in
                info.allocatable(slot) > 0 || info.requested(slot) > 0
            }
            for slot in others.sorted(by: { table.names[$0] < table.names[$1] }) {
                add(table.names[slot], slot: slot, requested: info.requested(slot), allocatable: info.allocatable(slot))
            }
            var devices: [JSONValue] = []
            for resource in info.devices.keys.sorted() {
                guard let devicesHere = info.devices[resource] else { continue }
                for index in 0..<devicesHere.capacity {
                    var object: JSONObject = ["resource": .string(resource.rawValue), "index": .int(Int64(index))]
                    if let holder = devicesHere.holders[index] { object["pod"] = .string(holder.description) }
                    devices.append(.object(object))
                }
            }
            let entries: [JSONValue] = (history[info.name] ?? []).map { entry in
                .object([
                    "time": .string(entry.time.rfc3339),
                    "resource": .string(entry.resource.rawValue),
                    "index": .int(Int64(entry.index)),
                    "pod": .string(entry.pod.description),
                    "action": .string(entry.event.rawValue.lowercased()),
                ])
            }
            return .object([
                "name": .string(info.name),
                "ready": .bool(ready),
                "unschedulable": .bool(info.isUnschedulable),
                "resources": .array(resources),
                "devices": .array(devices),
                "history": .array(entries),
            ])
        }
        return .object(["kind": .string("NodeUsageList"), "items": .array(items)])
    }

    /// An amount in a slot's unit (millicores for cpu, bytes for memory and storage) as a quantity.
    static func quantity(_ amount: Int64, slot: Int) -> Quantity {
        switch slot {
        case ResourceSlotTable.cpu: Quantity(milli: amount)
        case ResourceSlotTable.memory, ResourceSlotTable.ephemeralStorage: Quantity(amount, format: .binarySI)
        default: Quantity(amount)
        }
    }
}
