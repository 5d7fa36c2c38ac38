/// Checks an instance type against the extension: pods of an instance type must match both its `nodeSelector`
/// and the extension's `nodeSelector.*` settings, so a key with two different values can never schedule.
/// Also checks it against the nodes (condition `Fits`): which nodes it fits now (matching labels, allocatable at
/// least its requests), or why none ever could ("asks nvidia.com/gpu: 8; the largest matching node has 4").
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
            if conflicts.isEmpty {
                let fits = InstanceTypeReconciler.fits(it, extensionSelector: extensionSelector, store: store)
                it.status.conditions.set(fits, now: now)
            } else {
                it.status.conditions.removeAll { $0.type == "Fits" }
            }
        }
        return .done
    }

    /// The `Fits` condition: `True` with the nodes it fits now, `False` with the shortfall, `Unknown` while no
    /// node exists.
    static func fits(_ it: InstanceType, extensionSelector: [String: String], store: any ObjectStore) -> Condition {
        let selector = extensionSelector.merging(it.spec.nodeSelector) { $1 }
        let verdict = ShortfallAnalyzer.verdict(
            requests: it.spec.resources.requests,
            nodeSelector: selector,
            in: store,
            wording: .instanceType
        )
        func fits(_ status: ConditionStatus, _ reason: String, _ message: String) -> Condition {
            Condition(
                type: "Fits",
                status: status,
                reason: reason,
                message: message,
                observedGeneration: it.metadata.generation
            )
        }
        switch verdict {
        case .fits(let nodes):
            let shown = nodes.prefix(10).joined(separator: ", ")
            let more = nodes.count > 10 ? " and \(nodes.count - 10) more" : ""
            return fits(.true, "Fits", "fits \(shown)\(more)")
        case .undecided:
            return fits(.unknown, "NoNodes", "no node is known yet")
        case .never(let message):
            return fits(.false, "NoNodeFits", message)
        }
    }

    static func summary(_ it: InstanceType) -> String {
        let requests = it.spec.resources.requests.elements.map { "\($0.name.rawValue)=\($0.quantity)" }
        let limits = it.spec.resources.limits.elements.map { "\($0.name.rawValue)=\($0.quantity)" }
        return "requests \(requests.joined(separator: ",")); limits \(limits.joined(separator: ","))"
    }
}
