extension MemoryStoreState {
    /// The outcome of a write: what to return, and whether watchers wait for its event.
    typealias Written<Value> = (value: Value, deliver: Bool)

    /// Tries `generateName` plus a fresh suffix this many times before giving up with `AlreadyExists`, as
    /// Kubernetes retries generated names.
    static let generateNameAttempts = 8

    mutating func create(
        _ object: any APIObject,
        now: Timestamp,
        uid: String
    ) throws(StoreError)
        -> Written<any APIObject>
    {
        let type = type(of: object)
        let groupKind = type.resource.groupKind
        let resource = QualifiedResource(type.resource)
        var candidate = object
        let base = object.metadata.generateName ?? ""
        let generates = object.metadata.name.isEmpty && !base.isEmpty
        var attempts = 0
        while true {
            if generates {
                candidate.metadata.name = NameGenerator.name(base: base, suffix: configuration.makeNameSuffix())
            }
            let problems = WriteRules.identityProblems(of: candidate)
            guard problems.isEmpty else {
                throw .invalid(groupKind, name: candidate.metadata.name, causes: problems)
            }
            if self.object(candidate.key) == nil { break }
            attempts += 1
            if !generates || attempts >= Self.generateNameAttempts {
                throw .alreadyExists(resource, name: candidate.metadata.name)
            }
        }
        let stored = WriteRules.prepareForCreate(
            candidate,
            name: candidate.metadata.name,
            uid: uid,
            now: now,
            resourceVersion: nextResourceVersion()
        )
        try persist(.put(stored))
        store(stored)
        return (stored, commit(.added(stored)))
    }

    mutating func update(_ incoming: any APIObject, statusOnly: Bool) throws(StoreError) -> Written<any APIObject> {
        let type = type(of: incoming)
        let resource = QualifiedResource(type.resource)
        guard !incoming.metadata.name.isEmpty else {
            throw .invalid(type.resource.groupKind, name: "", causes: [.required("metadata.name")])
        }
        guard let stored = object(incoming.key) else { throw .notFound(resource, name: incoming.metadata.name) }
        let outcome =
            statusOnly
            ? try WriteRules.applyStatus(incoming, to: stored, resource: resource)
            : try WriteRules.applyUpdate(incoming, to: stored, resource: resource)
        switch outcome {
        case .unchanged(let object):
            return (object, false)
        case .changed(var object):
            object.metadata.resourceVersion = nextResourceVersion()
            try persist(.put(object))
            replace(stored, with: object)
            return (object, commit(.modified(object, previous: stored)))
        case .deleted(var object):
            object.metadata.resourceVersion = nextResourceVersion()
            try persist(.remove(object.key, resourceVersion: object.metadata.resourceVersion))
            remove(stored)
            return (object, commit(.deleted(object)))
        }
    }

    mutating func delete(
        _ key: ObjectKey,
        preconditions: DeletePreconditions,
        now: Timestamp
    ) throws(StoreError)
        -> Written<DeleteResult>
    {
        let resource = resource(of: key.groupKind)
        guard let stored = object(key) else { throw .notFound(resource, name: key.name) }
        try WriteRules.checkPreconditions(preconditions, of: stored, resource: resource)
        if !stored.metadata.finalizers.isEmpty {
            if stored.metadata.deletionTimestamp != nil {
                return (DeleteResult(object: stored, isPending: true), false)
            }
            var marked = WriteRules.markDeleting(stored, now: now)
            marked.metadata.resourceVersion = nextResourceVersion()
            try persist(.put(marked))
            replace(stored, with: marked)
            return (DeleteResult(object: marked, isPending: true), commit(.modified(marked, previous: stored)))
        }
        var final = stored
        final.metadata.resourceVersion = nextResourceVersion()
        try persist(.remove(key, resourceVersion: final.metadata.resourceVersion))
        remove(stored)
        return (DeleteResult(object: final, isPending: false), commit(.deleted(final)))
    }
}
