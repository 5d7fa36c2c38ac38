import SkiffControllers
import SkiffScheduler
import SkiffServer
import Synchronization

/// The daemon's ``ObjectWriting``: the folder stays the source of truth. A user object written through the API is
/// written to the manifests folder first — its own file `api/<kind>[-<namespace>]-<name>.yaml`, or its document in
/// the user's file that declares it — and the loader applies that file before the write returns, so the reply is
/// the stored object. Objects that controllers own (a controller owner reference: pods of jobs, nodes of compute
/// clusters; the local node; events), objects that no file declares, and every status write go to the store only.
final class ManifestObjectWriter: ObjectWriting {
    let store: any ObjectStore
    let loader: ManifestLoader
    /// The writer for the folder the loader watches now (a SIGHUP reload can move it).
    var files: ManifestWriter {
        ManifestWriter(
            root: loader.rootPath,
            // What the scheduler and node controllers add; the loader keeps the stored values when a file omits them.
            droppedAnnotations: [SchedulingAnnotations.devices],
            droppedLabels: [NodeProvider.label]
        )
    }
    let registry: KindRegistry
    private let direct: StoreObjectWriter
    /// One API file write at a time: a write reads the loader's view, writes a file and applies it.
    private let lock = Mutex(())

    init(store: any ObjectStore, loader: ManifestLoader, registry: KindRegistry) {
        self.store = store
        self.loader = loader
        self.registry = registry
        direct = StoreObjectWriter(store: store)
    }

    /// Whether the store alone holds the object: controllers made it or keep it.
    static func isControllerOwned(_ object: any APIObject) -> Bool {
        if object.metadata.controllerReference != nil || object is Event { return true }
        if object is Node, let provider = object.metadata.labels[NodeProvider.label] {
            return provider == NodeProvider.local || provider == "compute"
        }
        return false
    }

    func create(_ object: any APIObject) throws(APIStatus) -> any APIObject {
        if Self.isControllerOwned(object) { return try direct.create(object) }
        let key = object.key
        return try lock.withLock { _ throws(APIStatus) -> any APIObject in
            if store.get(key) != nil || loader.declaration(of: key) != nil {
                let resource = self.resource(of: key)
                throw APIStatus.alreadyExists(group: resource.group, plural: resource.plural, name: key.name)
            }
            let path: String
            do throws(ManifestWriterError) {
                path = try ManifestWriter.apiPath(for: key)
            } catch {
                throw APIStatus.badRequest(error.description)
            }
            let previous = try read(path)
            if previous != nil, loader.fileStates().contains(where: { $0.path == path && !$0.objects.isEmpty }) {
                throw conflict(key, "its file \(path) already declares another object")
            }
            try write(key) { () throws(ManifestWriterError) in try files.writeFile(path, document: files.document(for: object)) }
            return try applied(key, path: path, restoring: previous)
        }
    }

    func update(_ object: any APIObject) throws(APIStatus) -> any APIObject {
        let key = object.key
        guard let live = store.get(key) else { throw notFound(key) }
        guard !Self.isControllerOwned(live), !Self.isControllerOwned(object),
            let declaration = loader.declaration(of: key)
        else {
            return try direct.update(object)
        }
        return try lock.withLock { _ throws(APIStatus) -> any APIObject in
            guard let current = store.get(key) else { throw notFound(key) }
            let version = object.metadata.resourceVersion
            if version != 0 && version != current.metadata.resourceVersion {
                let resource = self.resource(of: key)
                throw APIStatus(storeError: .conflict(QualifiedResource(group: resource.group, plural: resource.plural), name: key.name))
            }
            guard declaration.isValid else {
                throw conflict(key, "\(declaration.path):\(declaration.line) declares it and is invalid now; fix that file first")
            }
            let previous = try read(declaration.path)
            try write(key) { () throws(ManifestWriterError) in
                try files.replaceDocument(
                    in: declaration.path,
                    line: declaration.line,
                    key: key,
                    with: files.document(for: object)
                )
            }
            return try applied(key, path: declaration.path, restoring: previous)
        }
    }

    func updateStatus(_ object: any APIObject) throws(APIStatus) -> any APIObject {
        try direct.updateStatus(object)
    }

    func delete(_ key: ObjectKey, preconditions: DeletePreconditions) throws(APIStatus) -> DeleteResult {
        guard let live = store.get(key) else { throw notFound(key) }
        guard !Self.isControllerOwned(live), let declaration = loader.declaration(of: key) else {
            return try direct.delete(key, preconditions: preconditions)
        }
        return try lock.withLock { _ throws(APIStatus) -> DeleteResult in
            let resource = QualifiedResource(group: self.resource(of: key).group, plural: self.resource(of: key).plural)
            if let uid = preconditions.uid, uid != live.metadata.uid {
                throw APIStatus(storeError: .conflict(resource, name: key.name,
                    detail: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(live.metadata.uid)"))
            }
            if let version = preconditions.resourceVersion, version != live.metadata.resourceVersion {
                throw APIStatus(storeError: .conflict(resource, name: key.name,
                    detail: "Precondition failed: ResourceVersion in precondition: \(version), "
                        + "ResourceVersion in object meta: \(live.metadata.resourceVersion)"))
            }
            guard declaration.isValid else {
                throw conflict(key, "\(declaration.path):\(declaration.line) declares it and is invalid now; fix that file first")
            }
            var removed = false
            try write(key) { () throws(ManifestWriterError) in
                removed = try files.removeDocument(in: declaration.path, line: declaration.line, key: key)
            }
            loader.handle([removed ? .removed(declaration.path) : .upserted(declaration.path)])
            if let remaining = store.get(key), remaining.metadata.uid == live.metadata.uid {
                return DeleteResult(object: remaining, isPending: true)
            }
            return DeleteResult(object: live, isPending: false)
        }
    }

    // MARK: - Helpers

    /// Applies the written file and returns the stored object; when the loader could not apply it, puts the
    /// previous file back (or removes the new one) and answers with the loader's errors.
    private func applied(_ key: ObjectKey, path: String, restoring previous: [UInt8]?) throws(APIStatus) -> any APIObject {
        loader.handle([.upserted(path)])
        let state = loader.fileStates().first(where: { $0.path == path })
        if let object = store.get(key), state?.phase != .invalid, state?.errors.isEmpty ?? true {
            return object
        }
        let errors = state?.errors.map(\.detail).joined(separator: "; ") ?? "the object is not in the store"
        do {
            if let previous {
                try ManifestWriter.restore(previous, to: files.root + "/" + path)
            } else {
                try ManifestWriter.remove(files.root + "/" + path)
            }
        } catch {
            throw APIStatus.internalError("\(path) could not be applied (\(errors)) nor restored: \(error)")
        }
        loader.handle([previous == nil ? .removed(path) : .upserted(path)])
        throw APIStatus.internalError("\(path) could not be applied: \(errors)")
    }

    private func write(_ key: ObjectKey, _ body: () throws(ManifestWriterError) -> Void) throws(APIStatus) {
        do {
            try body()
        } catch {
            switch error {
            case .refused(let file, let line, let reason):
                throw conflict(key, "it is declared in \(file):\(line): \(reason)")
            case .invalidName(let message):
                throw APIStatus.badRequest(message)
            case .io(let message):
                throw APIStatus.internalError("cannot write the manifests folder: \(message)")
            }
        }
    }

    private func read(_ path: String) throws(APIStatus) -> [UInt8]? {
        do throws(ManifestWriterError) {
            return try ManifestWriter.contents(of: files.root + "/" + path)
        } catch {
            throw APIStatus.internalError("\(error)")
        }
    }

    private func resource(of key: ObjectKey) -> ResourceType {
        registry.type(for: key.groupKind)?.resource
            ?? ResourceType(
                group: key.groupKind.group,
                version: "v1",
                kind: key.groupKind.kind,
                plural: QualifiedResource(guessingFrom: key.groupKind).plural,
                singular: key.groupKind.kind.lowercased(),
                namespaced: !key.namespace.isEmpty
            )
    }

    private func notFound(_ key: ObjectKey) -> APIStatus {
        let resource = self.resource(of: key)
        return APIStatus(storeError: .notFound(QualifiedResource(group: resource.group, plural: resource.plural), name: key.name))
    }

    /// `Operation cannot be fulfilled on plural.group "name": detail` (409).
    private func conflict(_ key: ObjectKey, _ detail: String) -> APIStatus {
        let resource = self.resource(of: key)
        return APIStatus(storeError: .conflict(QualifiedResource(group: resource.group, plural: resource.plural),
            name: key.name, detail: detail))
    }
}
