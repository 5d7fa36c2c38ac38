/// Reports whether an Azure ML extension is in force. A cluster has one Azure ML extension: when several are
/// declared, the first by name is used and the others say so.
struct ExtensionReconciler: Reconciler {
    let store: any ObjectStore
    let clock: any Clock

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let ext = store.get(key) as? Extension else { return .done }
        let now = clock.timestamp
        let active = ActiveExtension.find(in: store)
        try StatusWriter.write(ext, store: store) { e in
            let generation = e.metadata.generation
            if let active, active.metadata.name != e.metadata.name,
                e.spec.extensionType.lowercased() == Extension.azureMLExtensionType
            {
                e.status.provisioningState = "Failed"
                e.status.conditions.set(
                    Condition(
                        type: "Ready",
                        status: .false,
                        reason: "DuplicateExtension",
                        message: "Extension \"\(active.metadata.name)\" is already the cluster's Azure ML extension; "
                            + "a cluster has one (the first by name is used)",
                        observedGeneration: generation
                    ),
                    now: now
                )
                return
            }
            var features: [String] = []
            if e.spec.enableTraining { features.append("training") }
            if e.spec.enableInference { features.append("inference") }
            var message = "enabled: \(features.isEmpty ? "nothing" : features.joined(separator: ", "))"
            if !e.spec.nodeSelector.isEmpty {
                message += "; workloads restricted to nodes with "
                    + e.spec.nodeSelector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            }
            if !e.spec.unknownSettings.isEmpty {
                message += "; unknown settings kept: \(e.spec.unknownSettings.joined(separator: ", "))"
            }
            e.status.provisioningState = "Succeeded"
            e.status.conditions.set(
                Condition(type: "Ready", status: .true, reason: "Installed", message: message, observedGeneration: generation),
                now: now
            )
        }
        return .done
    }
}

/// The extension in force: among Azure ML extensions, the first by name.
enum ActiveExtension {
    static func find(in store: any ObjectStore) -> Extension? {
        let all = (try? store.list(Extension.resource.groupKind, options: ListOptions()))?.items ?? []
        return all.compactMap { $0 as? Extension }
            .filter { $0.spec.extensionType.lowercased() == Extension.azureMLExtensionType && $0.metadata.deletionTimestamp == nil }
            .min { $0.metadata.name < $1.metadata.name }
    }
}
