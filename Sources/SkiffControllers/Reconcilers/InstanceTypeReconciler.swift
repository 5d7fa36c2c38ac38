/// Checks an instance type against the extension: pods of an instance type must match both its `nodeSelector`
/// and the extension's `nodeSelector.*` settings, so a key with two different values can never schedule.
struct InstanceTypeReconciler: Reconciler {
    let store: any ObjectStore
    let clock: any Clock

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let instanceType = store.get(key) as? InstanceType else { return .done }
        let extensionSelector = ActiveExtension.find(in: store)?.spec.nodeSelector ?? [:]
        let conflicts = instanceType.spec.nodeSelector.sorted { $0.key < $1.key }.compactMap { entry -> String? in
            guard let required = extensionSelector[entry.key], required != entry.value else { return nil }
            return "\(entry.key)=\(entry.value) (the extension requires \(entry.key)=\(required))"
        }
        let now = clock.timestamp
        try StatusWriter.write(instanceType, store: store) { it in
            let condition: Condition
            if conflicts.isEmpty {
                condition = Condition(
                    type: "Ready",
                    status: .true,
                    reason: "Valid",
                    message: InstanceTypeReconciler.summary(it),
                    observedGeneration: it.metadata.generation
                )
            } else {
                condition = Condition(
                    type: "Ready",
                    status: .false,
                    reason: "NodeSelectorConflict",
                    message: "nodeSelector \(conflicts.joined(separator: ", ")): no node can match both",
                    observedGeneration: it.metadata.generation
                )
            }
            it.status.conditions.set(condition, now: now)
        }
        return .done
    }

    static func summary(_ it: InstanceType) -> String {
        let requests = it.spec.resources.requests.elements.map { "\($0.name.rawValue)=\($0.quantity)" }
        let limits = it.spec.resources.limits.elements.map { "\($0.name.rawValue)=\($0.quantity)" }
        return "requests \(requests.joined(separator: ",")); limits \(limits.joined(separator: ","))"
    }
}
