import Logging

/// Deletes pods whose owners are gone, as Kubernetes' garbage collector does with background propagation: a pod
/// with owner references none of which points at an existing object (missing, or re-created with another uid) is
/// deleted. Owners are resolved by `apiVersion` and `kind` through the kind registry; a reference to a kind the
/// registry does not know is left alone, as is a pod with at least one live owner.
///
/// Woken by owner deletions (through the pods-by-owner-uid index) and by a periodic sweep over the pods that have
/// owners (the ``sweepKey``), which catches owners deleted while the daemon was down.
struct GarbageCollector: Reconciler {
    /// Pods filed by the uid of each of their owners.
    static let podsByOwner = "pods-by-owner-uid"
    /// Pods that have owners, all filed under ``hasOwners``.
    static let ownedPods = "pods-with-owners"
    static let hasOwners = "true"
    /// The key whose reconcile queues every owned pod and schedules the next sweep.
    static let sweepKey = ObjectKey(Pod.resource.groupKind, namespace: "", name: "")

    let store: any ObjectStore
    let registry: KindRegistry
    let interval: Duration
    let enqueue: @Sendable (ObjectKey) -> Void
    let logger: Logger

    /// The indexes the collector reads; registered once by the control plane.
    static func indexes() -> [IndexDefinition] {
        [
            IndexDefinition(name: podsByOwner, groupKind: Pod.resource.groupKind) { object in
                object.metadata.ownerReferences.map(\.uid)
            },
            IndexDefinition(name: ownedPods, groupKind: Pod.resource.groupKind) { object in
                object.metadata.ownerReferences.isEmpty ? [] : [hasOwners]
            },
        ]
    }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        if key == Self.sweepKey {
            for pod in store.keys(index: Self.ownedPods, value: Self.hasOwners) { enqueue(pod) }
            return .requeueAfter(interval)
        }
        guard let pod = store.get(key) as? Pod, pod.metadata.deletionTimestamp == nil,
            !pod.metadata.ownerReferences.isEmpty
        else { return .done }
        for owner in pod.metadata.ownerReferences {
            guard let type = registry.type(apiVersion: owner.apiVersion, kind: owner.kind) else { return .done }
            let namespace = type.resource.namespaced ? pod.metadata.namespace : ""
            let ownerKey = ObjectKey(type.resource.groupKind, namespace: namespace, name: owner.name)
            if let object = store.get(ownerKey), object.metadata.uid == owner.uid { return .done }
        }
        let owners = pod.metadata.ownerReferences.map { "\($0.kind)/\($0.name)" }.joined(separator: ", ")
        logger.info("deleting pod \(key.namespace)/\(key.name): its owner \(owners) no longer exists")
        do {
            _ = try store.delete(key, preconditions: DeletePreconditions(uid: pod.metadata.uid))
        } catch {
            if error.reason != .notFound && error.reason != .conflict { throw error }
        }
        return .done
    }
}
