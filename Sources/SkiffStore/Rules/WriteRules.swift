/// Kubernetes' rules for what a create, update, status update and delete do to an object, as pure functions so
/// that every ``ObjectStore`` implementation applies exactly the same ones. The caller assigns resourceVersions
/// and stores the results.
enum WriteRules {
    /// What an update or status update comes to.
    enum UpdateOutcome {
        /// Nothing would change: keep the stored object, its resourceVersion, and emit no event.
        case unchanged(any APIObject)
        /// Store this object (resourceVersion still to be assigned).
        case changed(any APIObject)
        /// The last finalizer of a terminating object was removed: delete; this is its final state.
        case deleted(any APIObject)
    }

    /// Problems with an object's name and namespace for its kind (Kubernetes' `ValidateObjectMeta`).
    static func identityProblems(of object: any APIObject) -> [StoreError.Cause] {
        let type = type(of: object)
        let meta = object.metadata
        var problems: [StoreError.Cause] = []
        if meta.name.isEmpty {
            problems.append(.required("metadata.name", "name or generateName is required"))
        } else {
            let nameProblems =
                switch type.nameRule {
                case .dns1123Subdomain: NameValidation.isDNS1123Subdomain(meta.name)
                case .dns1123Label: NameValidation.isDNS1123Label(meta.name)
                }
            problems += nameProblems.map { .invalid("metadata.name", value: meta.name, $0) }
        }
        if type.resource.namespaced {
            if meta.namespace.isEmpty {
                problems.append(.required("metadata.namespace"))
            } else {
                problems += NameValidation.isDNS1123Label(meta.namespace).map {
                    .invalid("metadata.namespace", value: meta.namespace, $0)
                }
            }
        } else if !meta.namespace.isEmpty {
            problems.append(.forbidden("metadata.namespace", "not allowed on this type"))
        }
        return problems
    }

    /// The object as first stored: server-set metadata filled in, a deletionTimestamp dropped.
    static func prepareForCreate(
        _ object: any APIObject,
        name: String,
        uid: String,
        now: Timestamp,
        resourceVersion: ResourceVersion
    ) -> any APIObject {
        var stored = object
        stored.metadata.name = name
        stored.metadata.uid = uid
        stored.metadata.creationTimestamp = now
        stored.metadata.deletionTimestamp = nil
        stored.metadata.generation = 1
        stored.metadata.resourceVersion = resourceVersion
        // Admission, as the API server runs it on create.
        if var pod = stored as? Pod, pod.addExtendedResourceTolerations() {
            stored = pod
        }
        return stored
    }

    /// Optimistic concurrency: a writer that states a resourceVersion must state the current one.
    static func checkResourceVersion(
        of incoming: any APIObject,
        against stored: any APIObject,
        resource: QualifiedResource
    ) throws(StoreError) {
        let version = incoming.metadata.resourceVersion
        if version != 0 && version != stored.metadata.resourceVersion {
            throw .conflict(resource, name: stored.metadata.name)
        }
    }

    /// An update: the incoming spec and metadata over the stored object's status and server-set fields.
    static func applyUpdate(
        _ incoming: any APIObject,
        to stored: any APIObject,
        resource: QualifiedResource
    ) throws(StoreError) -> UpdateOutcome {
        try checkResourceVersion(of: incoming, against: stored, resource: resource)
        let old = stored.metadata
        var problems: [StoreError.Cause] = []
        if !incoming.metadata.uid.isEmpty && incoming.metadata.uid != old.uid {
            problems.append(.invalid("metadata.uid", value: incoming.metadata.uid, "field is immutable"))
        }
        if old.deletionTimestamp != nil {
            let added = incoming.metadata.finalizers.filter { !old.finalizers.contains($0) }
            if !added.isEmpty {
                let list = added.map { "\"\($0)\"" }.joined(separator: ", ")
                problems.append(
                    .forbidden(
                        "metadata.finalizers",
                        "no new finalizers can be added if the object is being deleted, found new finalizers "
                            + "[]string{\(list)}"
                    )
                )
            }
        }
        guard problems.isEmpty else {
            throw .invalid(type(of: stored).resource.groupKind, name: old.name, causes: problems)
        }
        var merged = incoming.withStatus(of: stored)
        merged.metadata.uid = old.uid
        merged.metadata.creationTimestamp = old.creationTimestamp
        merged.metadata.deletionTimestamp = old.deletionTimestamp
        merged.metadata.generation = merged.hasSameSpec(as: stored) ? old.generation : old.generation + 1
        merged.metadata.resourceVersion = old.resourceVersion
        if merged.isEqual(to: stored) { return .unchanged(stored) }
        if merged.metadata.deletionTimestamp != nil && merged.metadata.finalizers.isEmpty {
            return .deleted(merged)
        }
        return .changed(merged)
    }

    /// A status update: the stored object with the incoming status, nothing else.
    static func applyStatus(
        _ incoming: any APIObject,
        to stored: any APIObject,
        resource: QualifiedResource
    ) throws(StoreError) -> UpdateOutcome {
        try checkResourceVersion(of: incoming, against: stored, resource: resource)
        let merged = stored.withStatus(of: incoming)
        return merged.isEqual(to: stored) ? .unchanged(stored) : .changed(merged)
    }

    /// Delete preconditions (Kubernetes' `storage.Preconditions`).
    static func checkPreconditions(
        _ preconditions: DeletePreconditions,
        of stored: any APIObject,
        resource: QualifiedResource
    ) throws(StoreError) {
        let meta = stored.metadata
        if let uid = preconditions.uid, uid != meta.uid {
            throw .conflict(
                resource,
                name: meta.name,
                detail: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(meta.uid)"
            )
        }
        if let version = preconditions.resourceVersion, version != meta.resourceVersion {
            throw .conflict(
                resource,
                name: meta.name,
                detail: "Precondition failed: ResourceVersion in precondition: \(version), "
                    + "ResourceVersion in object meta: \(meta.resourceVersion)"
            )
        }
    }

    /// The object marked for deletion while finalizers remain. Like Kubernetes' `markAsDeleting`, the first
    /// mark also moves `generation`, so controllers that compare `observedGeneration` notice.
    static func markDeleting(_ stored: any APIObject, now: Timestamp) -> any APIObject {
        var marked = stored
        if marked.metadata.deletionTimestamp == nil {
            if marked.metadata.generation > 0 { marked.metadata.generation += 1 }
            marked.metadata.deletionTimestamp = now
        }
        return marked
    }
}
