/// Reports a compute cluster's state in the shape of Azure ML's REST resource. Nodes are added and removed by
/// the autoscaler; until it has acted, a cluster is steady with the nodes it has.
struct AmlComputeReconciler: Reconciler {
    let store: any ObjectStore
    let clock: any Clock

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let compute = store.get(key) as? AmlCompute else { return .done }
        let now = clock.timestamp
        let size = VMSizeCatalog.builtIn.size(named: compute.spec.size)
        try StatusWriter.write(compute, store: store) { c in
            if c.status.provisioningState.isEmpty { c.status.provisioningState = "Succeeded" }
            if c.status.allocationState == nil {
                c.status.allocationState = .steady
                c.status.allocationStateTransitionTime = now
            }
            var message = "\(c.spec.size), \(c.spec.tier.rawValue), \(c.spec.minInstances)-\(c.spec.maxInstances) nodes"
            if let size {
                message += " (\(size.vcpus) vCPUs, \(size.memoryGiB) GiB"
                message += size.gpus > 0 ? ", \(size.gpus)× \(size.gpuModel ?? "GPU"))" : ")"
            }
            c.status.conditions.set(
                Condition(type: "Ready", status: .true, reason: "Provisioned", message: message, observedGeneration: c.metadata.generation),
                now: now
            )
        }
        return .done
    }
}
