/// Resolves a job's `compute` to where its pods go. Rules (issue 4, DESIGN.md):
/// - no compute: the machine's nodes, in the job's namespace, with the extension's node selector; a declared Azure
///   ML extension must enable training (with none declared the machine is used as it is);
/// - a KubernetesCompute: must be attached (its namespace exists, its default instance type exists, the extension
///   enables training — evaluated here from the current objects rather than read from its condition, so a job
///   loaded in the same scan as its compute does not see a stale status); pods go in its namespace;
/// - an AmlCompute: pods are pinned to its nodes by the node label `skiff.dev/compute: NAME`; the extension does
///   not apply (a compute cluster is not a cluster with the Kubernetes extension);
/// - anything else: `ComputeNotFound`.
enum ComputeResolution {
    static func resolve(_ job: Job, store: any ObjectStore, clock: any Clock) throws -> ResolvedCompute {
        let ext = ActiveExtension.find(in: store)
        if job.spec.compute == nil || store.get(AmlCompute.self, name: job.spec.compute ?? "") != nil,
            store.get(Namespace.self, name: job.metadata.namespace) == nil
        {
            throw JobRefusal(
                "NamespaceNotFound",
                "namespace \"\(job.metadata.namespace)\" does not exist: declare it (kind: Namespace)"
            )
        }
        guard let name = job.spec.compute else {
            if let ext, !ext.spec.enableTraining {
                throw JobRefusal(
                    "TrainingDisabled",
                    "Extension \"\(ext.metadata.name)\" does not enable training (enableTraining is not True)"
                )
            }
            return ResolvedCompute(
                target: .machine,
                namespace: job.metadata.namespace,
                nodeSelector: ext?.spec.nodeSelector ?? [:]
            )
        }
        if let kc = store.get(KubernetesCompute.self, name: name) {
            let verdict = KubernetesComputeReconciler(store: store, clock: clock).evaluate(kc)
            guard verdict.status == .true else {
                let reason = verdict.reason == "TrainingDisabled" ? "TrainingDisabled" : "ComputeNotReady"
                throw JobRefusal(reason, "compute \"\(name)\" is not ready (\(verdict.reason)): \(verdict.message)")
            }
            return ResolvedCompute(
                target: .kubernetes(kc),
                namespace: kc.spec.namespace,
                nodeSelector: ext?.spec.nodeSelector ?? [:]
            )
        }
        if let amlc = store.get(AmlCompute.self, name: name) {
            if let ready = amlc.status.conditions[type: "Ready"], ready.status == .false {
                throw JobRefusal(
                    "ComputeNotReady",
                    "compute cluster \"\(name)\" is not ready (\(ready.reason)): \(ready.message)"
                )
            }
            if job.spec.instanceCount > amlc.spec.maxInstances {
                throw JobRefusal(
                    "Unschedulable",
                    "the job needs \(job.spec.instanceCount) instances but compute cluster \"\(name)\" has "
                        + "max_instances \(amlc.spec.maxInstances): each instance takes a whole node"
                )
            }
            return ResolvedCompute(
                target: .aml(amlc, VMSizeCatalog.builtIn.size(named: amlc.spec.size)),
                namespace: job.metadata.namespace,
                nodeSelector: [JobLabels.compute: name]
            )
        }
        throw JobRefusal(
            "ComputeNotFound",
            "compute \"\(name)\" not found: no KubernetesCompute or AmlCompute has that name"
        )
    }
}
