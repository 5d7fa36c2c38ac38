/// Writes through the API: `POST` (create), `PUT` (update), `PATCH` (JSON merge patch, JSON patch, strategic merge
/// patch for core kinds, server-side apply) and `DELETE`, on objects and their `/status` subresource, answered as
/// the Kubernetes API server answers them. Bodies are decoded by the same decoders as manifest files, so an object
/// is valid through the API exactly when it is valid in a file. Where a write lands (a file, the store) is the
/// ``ObjectWriting``'s business.
extension APIHandler {
    /// What one write request asks for, parsed from its path and query.
    struct WriteTarget {
        var type: any APIObject.Type
        var path: APIPath
        var namespace: String
        var dryRun: Bool
        var fieldManager: String?
        var fieldValidation: String
        var force: Bool

        var resource: ResourceType { type.resource }
        var isStatus: Bool { path.subresource == "status" }

        func key(_ name: String) -> ObjectKey {
            ObjectKey(resource.groupKind, namespace: namespace, name: name)
        }

        var qualified: String {
            resource.group.isEmpty ? resource.plural : "\(resource.plural).\(resource.group)"
        }

        func notFound(_ name: String) -> APIStatus {
            APIStatus(
                code: 404,
                reason: "NotFound",
                message: "\(qualified) \"\(name)\" not found",
                details: .init(name: name, group: resource.group, kind: resource.plural)
            )
        }
    }

    /// Answers a `POST`, `PUT`, `PATCH` or `DELETE` on a resource path.
    func handleWrite(_ request: APIRequest) async -> APIResponse {
        guard let writer else {
            return .failure(.methodNotAllowed("\(request.method) is not supported: declare objects in the manifests folder"))
        }
        guard let path = APIPath(request.path), !path.resource.isEmpty,
            let type = discovery.type(group: path.group, version: path.version, plural: path.resource)
        else {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        let resource = type.resource
        if !resource.namespaced && path.namespace != nil {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        if let subresource = path.subresource, subresource != "status" {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        let target = WriteTarget(
            type: type,
            path: path,
            namespace: resource.namespaced ? path.namespace ?? "" : "",
            dryRun: request.query["dryRun"] == "All",
            fieldManager: request.query["fieldManager"].flatMap { $0.isEmpty ? nil : $0 },
            fieldValidation: request.query["fieldValidation"] ?? "",
            force: request.query["force"] == "true"
        )
        if let dryRun = request.query["dryRun"], !dryRun.isEmpty, dryRun != "All" {
            return .failure(.badRequest("dryRun: Unsupported value: \"\(dryRun)\": supported values: \"All\""))
        }
        do throws(APIStatus) {
            switch (request.method, path.name) {
            case ("POST", nil) where path.subresource == nil:
                return try create(request, target, writer)
            case ("PUT", let name?):
                return try replace(request, name: name, target, writer)
            case ("PATCH", let name?):
                return try patch(request, name: name, target, writer)
            case ("DELETE", let name?) where path.subresource == nil:
                return try delete(request, name: name, target, writer)
            default:
                return .failure(.methodNotAllowed("the server does not allow this method on the requested resource"))
            }
        } catch {
            return .failure(error)
        }
    }

    // MARK: - Create

    private func create(_ request: APIRequest, _ target: WriteTarget, _ writer: any ObjectWriting) throws(APIStatus)
        -> APIResponse
    {
        if target.resource.namespaced && target.namespace.isEmpty {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        var body = try Self.parseBody(request)
        try Self.fillIdentity(&body, target, urlName: nil)
        if case .object(var object) = body, case .object(var metadata)? = object["metadata"],
            (metadata["name"]?.stringValue ?? "").isEmpty, let base = metadata["generateName"]?.stringValue, !base.isEmpty
        {
            // The name is needed before the write (it names the file), so it is generated here, as the store would.
            metadata["name"] = .string(NameGenerator.name(base: base, suffix: NameGenerator.randomSuffix()))
            object["metadata"] = .object(metadata)
            body = .object(object)
        }
        let object = try decode(body, target, includeStatus: false)
        let recorded = ServerSideApply.recordUpdate(
            old: nil,
            new: body,
            manager: target.fieldManager ?? Self.defaultManager,
            now: Timestamp.now().rfc3339
        )
        if target.dryRun {
            return .json(status: 201, body: object.encoded())
        }
        let stored = try writer.create(object)
        managedFields.set(recorded["metadata"]?["managedFields"], of: stored.key, uid: stored.metadata.uid)
        return .json(status: 201, body: encodedWithManagedFields(stored))
    }

    // MARK: - Update

    private func replace(_ request: APIRequest, name: String, _ target: WriteTarget, _ writer: any ObjectWriting)
        throws(APIStatus) -> APIResponse
    {
        let key = target.key(name)
        guard let live = store.get(key) else { throw target.notFound(name) }
        var body = try Self.parseBody(request)
        try Self.fillIdentity(&body, target, urlName: name)
        let object = try decode(body, target, includeStatus: target.isStatus)
        if object.metadata.resourceVersion == 0 && !target.resource.group.isEmpty {
            // Custom resources do not allow unconditional updates (apiextensions' strategy).
            throw APIStatus.invalid(
                group: target.resource.group,
                kind: target.resource.kind,
                name: name,
                causes: [.init(reason: "FieldValueInvalid", field: "metadata.resourceVersion",
                    message: "Invalid value: 0x0: must be specified for an update")]
            )
        }
        if object.metadata.resourceVersion != 0 && object.metadata.resourceVersion != live.metadata.resourceVersion {
            throw Self.conflict(target, name: name)
        }
        let liveJSON = encodedWithManagedFields(live)
        let recorded = ServerSideApply.recordUpdate(
            old: liveJSON,
            new: body,
            manager: target.fieldManager ?? Self.defaultManager,
            now: Timestamp.now().rfc3339
        )
        return try finishUpdate(object, live: live, managed: recorded["metadata"]?["managedFields"], target, writer)
    }

    /// Writes an updated object (or, for a dry run, shows what would be stored) and answers 200 with it.
    private func finishUpdate(
        _ object: any APIObject,
        live: any APIObject,
        managed: JSONValue?,
        _ target: WriteTarget,
        _ writer: any ObjectWriting
    ) throws(APIStatus) -> APIResponse {
        if target.dryRun {
            var preview: any APIObject = target.isStatus ? live.withStatus(of: object) : object.withStatus(of: live)
            preview.metadata.uid = live.metadata.uid
            preview.metadata.creationTimestamp = live.metadata.creationTimestamp
            preview.metadata.resourceVersion = live.metadata.resourceVersion
            preview.metadata.generation = live.metadata.generation
            return .json(status: 200, body: preview.encoded())
        }
        let stored = try (target.isStatus ? writer.updateStatus(object) : writer.update(object))
        if let managed { managedFields.set(managed, of: stored.key, uid: stored.metadata.uid) }
        return .json(status: 200, body: encodedWithManagedFields(stored))
    }

    // MARK: - Patch

    private func patch(_ request: APIRequest, name: String, _ target: WriteTarget, _ writer: any ObjectWriting)
        throws(APIStatus) -> APIResponse
    {
        let mediaType = Self.mediaType(request.contentType)
        let key = target.key(name)
        // A patch that does not state a resourceVersion applies to whatever is stored: when a controller writes in
        // between, it is computed again on the new version (as the API server retries patches).
        var attempts = 0
        while true {
            attempts += 1
            let live = store.get(key)
            let liveJSON = live.map { encodedWithManagedFields($0) }
            let merged: JSONValue
            let now = Timestamp.now().rfc3339
            switch mediaType {
            case "application/apply-patch+yaml":
                guard let manager = target.fieldManager else {
                    throw APIStatus.badRequest("PATCH requests with apply content type must have fieldManager set")
                }
                var applied = try Self.parseBody(request)
                try Self.fillIdentity(&applied, target, urlName: name)
                merged = try Self.patching { () throws(PatchError) in
                    try ServerSideApply.apply(applied, to: liveJSON, manager: manager, force: target.force, now: now)
                }
            case "application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json",
                "application/json", "":
                guard let liveJSON else { throw target.notFound(name) }
                let patch = try Self.parseBody(request)
                let patched: JSONValue
                switch mediaType {
                case "application/json-patch+json":
                    patched = try Self.patching { () throws(PatchError) in try JSONPatch.apply(patch, to: liveJSON) }
                case "application/strategic-merge-patch+json":
                    guard target.resource.group.isEmpty else { throw Self.strategicUnsupported() }
                    let kind = target.resource.kind
                    patched = try Self.patching { () throws(PatchError) in
                        try StrategicMergePatch.apply(patch, to: liveJSON, kind: kind)
                    }
                default:
                    patched = JSONMergePatch.apply(patch, to: liveJSON)
                }
                merged = ServerSideApply.recordUpdate(
                    old: liveJSON,
                    new: patched,
                    manager: target.fieldManager ?? Self.defaultManager,
                    now: now
                )
            default:
                throw APIStatus.unsupportedMediaType(
                    "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
                        + (target.resource.group.isEmpty ? ", application/strategic-merge-patch+json" : "")
                )
            }
            var body = merged
            try Self.fillIdentity(&body, target, urlName: name)
            var object = try decode(body, target, includeStatus: target.isStatus)
            let managed = merged["metadata"]?["managedFields"]
            guard let live else {
                // Server-side apply of an object that does not exist: a create.
                if target.isStatus { throw target.notFound(name) }
                object.metadata.resourceVersion = 0
                if target.dryRun { return .json(status: 201, body: object.encoded()) }
                let stored = try writer.create(object)
                managedFields.set(managed, of: stored.key, uid: stored.metadata.uid)
                return .json(status: 201, body: encodedWithManagedFields(stored))
            }
            let statedVersion = object.metadata.resourceVersion
            if statedVersion != 0 && statedVersion != live.metadata.resourceVersion {
                throw Self.conflict(target, name: name)
            }
            do throws(APIStatus) {
                return try finishUpdate(object, live: live, managed: managed, target, writer)
            } catch where error.reason == "Conflict" && error.details?.causes.isEmpty != false && attempts < 5
                && !Self.statesVersion(request) && error.message.contains("has been modified")
            {
                continue
            }
        }
    }

    /// Whether a patch body itself states `metadata.resourceVersion` (then a conflict is the client's to handle).
    private static func statesVersion(_ request: APIRequest) -> Bool {
        let text = String(decoding: request.body, as: UTF8.self)
        return text.contains("\"resourceVersion\"") || text.contains("resourceVersion:")
    }

    private static func patching(_ body: () throws(PatchError) -> JSONValue) throws(APIStatus) -> JSONValue {
        do {
            return try body()
        } catch {
            switch error {
            case .invalid(let message):
                throw APIStatus(code: 422, reason: "Invalid", message: message)
            case .conflict(let message):
                throw APIStatus(code: 409, reason: "Conflict", message: message)
            case .unsupported(let message):
                throw APIStatus.unsupportedMediaType(message)
            }
        }
    }

    private static func strategicUnsupported() -> APIStatus {
        .unsupportedMediaType(
            "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        )
    }

    // MARK: - Delete

    private func delete(_ request: APIRequest, name: String, _ target: WriteTarget, _ writer: any ObjectWriting)
        throws(APIStatus) -> APIResponse
    {
        let key = target.key(name)
        guard var live = store.get(key) else { throw target.notFound(name) }
        let options = request.body.isEmpty ? JSONValue.object([:]) : try Self.parseBody(request)
        let policy = options["propagationPolicy"]?.stringValue ?? request.query["propagationPolicy"]
        if let policy, !["Background", "Foreground", "Orphan"].contains(policy) {
            throw APIStatus.badRequest(
                "propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\""
            )
        }
        var preconditions = DeletePreconditions()
        if let uid = options["preconditions"]?["uid"]?.stringValue { preconditions.uid = uid }
        if let version = options["preconditions"]?["resourceVersion"]?.stringValue {
            preconditions.resourceVersion = ResourceVersion(version)
        }
        let grace: Int64? = {
            switch options["gracePeriodSeconds"] {
            case .int(let seconds)?: return seconds
            default: return request.query["gracePeriodSeconds"].flatMap { Int64($0) }
            }
        }()
        let dryRun = target.dryRun || (options["dryRun"].map { $0 == .array([.string("All")]) } ?? false)
        if dryRun {
            return .json(status: 200, body: live.encoded())
        }
        if let grace, var pod = live as? Pod, grace < pod.spec.terminationGracePeriodSeconds {
            // Kubernetes records a shorter grace period on the pod being deleted; here the pod lifecycle reads
            // the spec's, so the store's copy is shortened first (never the file: the pod is leaving anyway).
            pod.spec.terminationGracePeriodSeconds = max(0, grace)
            pod.metadata.resourceVersion = 0
            if let shortened = try? store.update(pod) { live = shortened }
        }
        let result = try writer.delete(key, preconditions: preconditions)
        if result.isPending {
            return .json(status: 200, body: encodedWithManagedFields(result.object))
        }
        managedFields.remove(key)
        let details = APIStatus.Details(
            name: name,
            group: target.resource.group,
            kind: target.resource.plural,
            uid: result.object.metadata.uid.isEmpty ? live.metadata.uid : result.object.metadata.uid
        )
        return .json(status: 200, body: .object([
            "kind": .string("Status"),
            "apiVersion": .string("v1"),
            "metadata": .object([:]),
            "status": .string("Success"),
            "details": details.encoded,
        ]))
    }
}
