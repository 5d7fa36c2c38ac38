/// Keeps a namespace's `status.phase`: `Active`, or `Terminating` once it is being deleted.
struct NamespaceReconciler: Reconciler {
    let store: any ObjectStore

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let namespace = store.get(key) as? Namespace else { return .done }
        try StatusWriter.write(namespace, store: store) { ns in
            ns.status.phase = ns.metadata.deletionTimestamp == nil ? "Active" : "Terminating"
        }
        return .done
    }
}
