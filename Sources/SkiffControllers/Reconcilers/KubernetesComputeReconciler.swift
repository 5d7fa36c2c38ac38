/// Decides whether an attached Kubernetes compute can take jobs, and if not, says exactly why: its namespace
/// must exist, its default instance type must exist, and an Azure ML extension must enable training.
struct KubernetesComputeReconciler: Reconciler {
    let store: any ObjectStore
    let clock: any Clock

    /// The instance type every cluster has even when no object declares it (Azure ML's built-in default).
    static let builtInDefaultInstanceType = "defaultinstancetype"

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let compute = store.get(key) as? KubernetesCompute else { return .done }
        let verdict = evaluate(compute)
        let now = clock.timestamp
        try StatusWriter.write(compute, store: store) { c in
            c.status.provisioningState = verdict.status == .true ? "Succeeded" : "Failed"
            c.status.conditions.set(
                Condition(
                    type: "Ready",
                    status: verdict.status,
                    reason: verdict.reason,
                    message: verdict.message,
                    observedGeneration: c.metadata.generation
                ),
                now: now
            )
        }
        return .done
    }

    struct Verdict {
        var status: ConditionStatus
        var reason: String
        var message: String
    }

    func evaluate(_ compute: KubernetesCompute) -> Verdict {
        let namespace = compute.spec.namespace
        if store.get(ObjectKey(Namespace.resource.groupKind, name: namespace)) == nil {
            return Verdict(
                status: .false,
                reason: "NamespaceNotFound",
                message: "namespace \"\(namespace)\" does not exist: declare it (kind: Namespace) before jobs can run "
                    + "on this compute"
            )
        }
        let defaultName = compute.spec.defaultInstanceType ?? Self.builtInDefaultInstanceType
        if !instanceTypeExists(defaultName, in: compute) {
            return Verdict(
                status: .false,
                reason: "InstanceTypeNotFound",
                message: "default instance type \"\(defaultName)\" is neither declared (kind: InstanceType) nor among "
                    + "the compute's instanceTypes"
            )
        }
        guard let ext = ActiveExtension.find(in: store) else {
            return Verdict(
                status: .false,
                reason: "TrainingDisabled",
                message: "no Extension of type \(Extension.azureMLExtensionType) is declared; declare one with "
                    + "enableTraining: \"True\""
            )
        }
        guard ext.spec.enableTraining else {
            return Verdict(
                status: .false,
                reason: "TrainingDisabled",
                message: "Extension \"\(ext.metadata.name)\" does not enable training (enableTraining is not True)"
            )
        }
        return Verdict(
            status: .true,
            reason: "Attached",
            message: "jobs run in namespace \"\(namespace)\" with default instance type \"\(defaultName)\""
        )
    }

    private func instanceTypeExists(_ name: String, in compute: KubernetesCompute) -> Bool {
        if compute.spec.instanceTypes[name] != nil { return true }
        if name == Self.builtInDefaultInstanceType { return true }
        return store.get(ObjectKey(InstanceType.resource.groupKind, name: name)) != nil
    }
}
