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

    // MARK: - Bodies

    /// The field manager of writes that name none (Kubernetes derives one from the user agent).
    static let defaultManager = "skiff-api"

    /// The media type without parameters, lowercased (`application/json; charset=utf-8` → `application/json`).
    static func mediaType(_ contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return base.trimmingSpaces.lowercased()
    }

    /// The body as JSON: JSON or YAML (JSON is YAML), one document holding a mapping (or, for a JSON patch, a
    /// list). A request without a Content-Type is JSON.
    static func parseBody(_ request: APIRequest) throws(APIStatus) -> JSONValue {
        let media = mediaType(request.contentType)
        if media.contains("protobuf") || media.hasPrefix("text/") || media == "application/x-www-form-urlencoded" {
            throw APIStatus.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json, application/yaml"
            )
        }
        guard !request.body.isEmpty else {
            throw APIStatus.badRequest("the request body is empty")
        }
        let documents: [YAMLDocument]
        do {
            documents = try YAMLParser().parse(bytes: request.body, file: "request")
        } catch {
            throw APIStatus.badRequest("the body of the request could not be decoded: \(error.message)")
        }
        let roots = documents.compactMap(\.root)
        guard roots.count == 1 else {
            throw APIStatus.badRequest("the body of the request must hold exactly one object")
        }
        return JSONValue(yaml: roots[0])
    }

    /// Checks the body's `apiVersion`, `kind`, name and namespace against the URL, filling in what it omits (as
    /// the API server does), and answers 400 BadRequest on a mismatch.
    static func fillIdentity(_ body: inout JSONValue, _ target: WriteTarget, urlName: String?) throws(APIStatus) {
        guard case .object(var object) = body else {
            throw APIStatus.badRequest("the body of the request must be a JSON object")
        }
        let resource = target.resource
        if let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty {
            guard apiVersion == resource.apiVersion else {
                throw APIStatus.badRequest(
                    "the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.apiVersion))"
                )
            }
        } else {
            object["apiVersion"] = .string(resource.apiVersion)
        }
        if let kind = object["kind"]?.stringValue, !kind.isEmpty {
            guard kind == resource.kind else {
                throw APIStatus.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(resource.kind))")
            }
        } else {
            object["kind"] = .string(resource.kind)
        }
        var metadata: JSONObject
        switch object["metadata"] {
        case .object(let m)?: metadata = m
        case nil, .null?: metadata = JSONObject()
        default: throw APIStatus.badRequest("metadata must be an object")
        }
        if let urlName {
            let name = metadata["name"]?.stringValue ?? ""
            if name.isEmpty {
                metadata["name"] = .string(urlName)
            } else if name != urlName {
                throw APIStatus.badRequest("the name of the object (\(name)) does not match the name on the URL (\(urlName))")
            }
        }
        if resource.namespaced {
            let namespace = metadata["namespace"]?.stringValue ?? ""
            if namespace.isEmpty {
                metadata["namespace"] = .string(target.namespace)
            } else if namespace != target.namespace {
                throw APIStatus.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"
                )
            }
        } else if let namespace = metadata["namespace"]?.stringValue, !namespace.isEmpty {
            metadata["namespace"] = nil
        }
        object["metadata"] = .object(metadata)
        body = .object(object)
    }

    /// Decodes a body as the target's kind with the manifest decoders: unknown fields are a 400 under
    /// `fieldValidation=Strict` and dropped otherwise; every other problem is a 422 naming its fields.
    func decode(_ body: JSONValue, _ target: WriteTarget, includeStatus: Bool) throws(APIStatus) -> any APIObject {
        var json = Self.declarableStatus(body, kind: target.resource.kind, includeStatus: includeStatus)
        let strict = target.fieldValidation == "Strict"
        for _ in 0..<4 {
            let context = DecodeContext(file: "request", includeStatus: includeStatus)
            let object = MappingReader(json.yamlNode, path: FieldPath(), context: context).flatMap {
                ObjectDecoder.decode(target.type, root: $0)
            }
            if let object, !context.hasErrors { return object }
            let unknown = context.errors.filter { $0.path.isEmpty && $0.message.hasPrefix("unknown field \"") }
            if !unknown.isEmpty {
                if strict {
                    throw APIStatus.badRequest(
                        "strict decoding error: " + unknown.map(\.message).joined(separator: ", ")
                    )
                }
                for error in unknown {
                    let field = String(error.message.dropFirst("unknown field \"".count).dropLast())
                    json = JSONFieldPath.removing(field, from: json)
                }
                if unknown.count == context.errors.count { continue }
            }
            let others = context.errors.filter { !($0.path.isEmpty && $0.message.hasPrefix("unknown field \"")) }
            let name = json["metadata"]?["name"]?.stringValue ?? ""
            throw APIStatus.invalid(
                group: target.resource.group,
                kind: target.resource.kind,
                name: name,
                causes: others.map { error in
                    let field = target.resource.group.isEmpty ? error.path : Self.schemaPath(error.path)
                    return APIStatus.Cause(reason: Self.causeReason(error.message), field: field, message: error.message)
                }
            )
        }
        throw APIStatus.badRequest("the object could not be decoded")
    }

    /// A field path as a custom resource's schema validation prints it: map keys that are plain names as fields
    /// (`spec.resources.limits.cpu`, not `limits[cpu]`); keys with dots or slashes and list indexes stay bracketed.
    static func schemaPath(_ path: String) -> String {
        var out = ""
        var rest = path[...]
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "]") else { break }
            let key = rest[rest.index(after: open)..<close]
            if Int(key) == nil, !key.isEmpty, !key.contains("."), !key.contains("/") {
                out += ".\(key)"
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// A body without the status a spec write cannot declare: a Node's manifest may declare only
    /// `status.capacity` and `status.allocatable` (a declared node's size), so the rest of a node's status, which
    /// clients send back as they read it, is dropped (the store keeps the stored status on spec writes).
    static func declarableStatus(_ body: JSONValue, kind: String, includeStatus: Bool) -> JSONValue {
        guard !includeStatus, kind == "Node", case .object(var object) = body, case .object(let status)? = object["status"]
        else { return body }
        var kept = JSONObject()
        kept.put("capacity", status["capacity"])
        kept.put("allocatable", status["allocatable"])
        object["status"] = kept.isEmpty ? nil : .object(kept)
        return .object(object)
    }

    /// Kubernetes' `CauseType` for a field error's message.
    static func causeReason(_ message: String) -> String {
        if message.hasPrefix("Required value") { return "FieldValueRequired" }
        if message.hasPrefix("Unsupported value") { return "FieldValueNotSupported" }
        if message.hasPrefix("Forbidden") { return "FieldValueForbidden" }
        if message.hasPrefix("Duplicate value") { return "FieldValueDuplicate" }
        if message.hasPrefix("Too long") { return "FieldValueTooLong" }
        return "FieldValueInvalid"
    }

    static func conflict(_ target: WriteTarget, name: String) -> APIStatus {
        APIStatus(
            code: 409,
            reason: "Conflict",
            message: "Operation cannot be fulfilled on \(target.qualified) \"\(name)\": the object has been modified; "
                + "please apply your changes to the latest version and try again",
            details: .init(name: name, group: target.resource.group, kind: target.resource.plural)
        )
    }

    /// The object as the API prints it, with the managed fields recorded for it.
    func encodedWithManagedFields(_ object: any APIObject) -> JSONValue {
        var encoded = object.encoded()
        guard let fields = managedFields.fields(of: object.key, uid: object.metadata.uid),
            case .object(var root) = encoded, case .object(var metadata)? = root["metadata"]
        else { return encoded }
        metadata["managedFields"] = fields
        root["metadata"] = .object(metadata)
        encoded = .object(root)
        return encoded
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
