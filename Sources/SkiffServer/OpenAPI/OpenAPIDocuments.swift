/// The OpenAPI v3 documents kubectl reads: `GET /openapi/v3` (the index of group-versions, each with a
/// `serverRelativeURL` carrying a content hash) and one document per group-version with a schema per kind and the
/// operations of its paths. kubectl's `apply`/`create` look for a PATCH operation tagged with the kind's
/// `x-kubernetes-group-version-kind` that takes a `fieldValidation` query parameter: finding one, they send
/// `fieldValidation=Strict` and leave validation to the server. `kubectl explain` reads the schemas.
/// `/openapi/v2` is not served (404): kubectl only falls back to it when v3 is missing.
public struct OpenAPIDocuments: Sendable {
    /// The group-version documents by their path under `/openapi/v3/` (`api/v1`, `apis/skiff.dev/v1alpha1`), with
    /// their serialization's hash.
    let documents: [String: (document: JSONValue, hash: String)]

    public init(registry: KindRegistry) {
        var byVersion: [String: [any APIObject.Type]] = [:]
        for type in registry.types {
            let r = type.resource
            byVersion[r.group.isEmpty ? "api/\(r.version)" : "apis/\(r.group)/\(r.version)", default: []].append(type)
        }
        var documents: [String: (document: JSONValue, hash: String)] = [:]
        for (path, types) in byVersion {
            let document = Self.document(types.sorted { $0.resource.kind < $1.resource.kind })
            var bytes: [UInt8] = []
            document.write(to: &bytes, pretty: false, indent: 0)
            documents[path] = (document: document, hash: Self.hash(bytes))
        }
        self.documents = documents
    }

    /// `GET /openapi/v3`: every group-version's document URL.
    public var index: JSONValue {
        var paths = JSONObject()
        for path in documents.keys.sorted() {
            paths[path] = .object(["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(documents[path]!.hash)")])
        }
        return .object(["paths": .object(paths)])
    }

    /// The document of a group-version path (`api/v1`), or nil.
    public func document(_ path: String) -> JSONValue? {
        documents[path]?.document
    }

    /// Answers `/openapi/v3` and `/openapi/v3/...` (any `hash` query: the content never changes while running).
    func response(for path: String) -> APIResponse {
        if path == "/openapi/v3" || path == "/openapi/v3/" { return .json(status: 200, body: index) }
        let rest = String(path.dropFirst("/openapi/v3/".count))
        guard let document = document(rest) else {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        return .json(status: 200, body: document)
    }

    /// The schema of a kind: its own, or for a kind without one a free-form object tagged with its kind (so that
    /// validation and paths still work).
    static func schema(_ type: any APIObject.Type) -> JSONValue {
        switch type.resource.groupKind {
        case Pod.resource.groupKind: return OpenAPISchema.pod
        case Node.resource.groupKind: return OpenAPISchema.node
        case Namespace.resource.groupKind: return OpenAPISchema.namespace
        case Event.resource.groupKind: return OpenAPISchema.event
        case InstanceType.resource.groupKind: return OpenAPISchema.instanceType
        case Job.resource.groupKind: return OpenAPISchema.job
        case AmlCompute.resource.groupKind: return OpenAPISchema.amlCompute
        case KubernetesCompute.resource.groupKind: return OpenAPISchema.kubernetesCompute
        case Extension.resource.groupKind: return OpenAPISchema.extensionKind
        default:
            return OpenAPISchema.kind(
                type.resource,
                "\(type.resource.kind) (\(type.resource.apiVersion)).",
                [
                    "spec": OpenAPISchema.freeObject("The desired state."),
                    "status": OpenAPISchema.freeObject("The observed state."),
                ]
            )
        }
    }

    /// The schema's name in `components.schemas`: the group reversed, then version and kind
    /// (`io.k8s.api.core.v1.Pod`, `com.azureml.amlarc.v1alpha1.InstanceType`, `dev.skiff.v1alpha1.Job`).
    static func schemaName(_ resource: ResourceType) -> String {
        let prefix =
            resource.group.isEmpty ? "io.k8s.api.core" : resource.group.split(separator: ".").reversed().joined(separator: ".")
        return "\(prefix).\(resource.version).\(resource.kind)"
    }

    static func document(_ types: [any APIObject.Type]) -> JSONValue {
        var schemas = JSONObject()
        var paths = JSONObject()
        for type in types {
            let r = type.resource
            let name = schemaName(r)
            schemas[name] = schema(type)
            let reference: JSONValue = .object(["$ref": .string("#/components/schemas/\(name)")])
            let base = r.group.isEmpty ? "/api/\(r.version)" : "/apis/\(r.group)/\(r.version)"
            let collection = r.namespaced ? "\(base)/namespaces/{namespace}/\(r.plural)" : "\(base)/\(r.plural)"
            let scope: [JSONValue] = r.namespaced ? [pathParameter("namespace")] : []
            paths[collection] = .object([
                "get": operation(r, "list", "list or watch objects of kind \(r.kind)", reference, list: true),
                "post": operation(r, "create", "create a \(r.kind)", reference, write: true, body: reference),
                "parameters": .array(scope),
            ])
            paths["\(collection)/{name}"] = .object([
                "get": operation(r, "read", "read the specified \(r.kind)", reference),
                "put": operation(r, "replace", "replace the specified \(r.kind)", reference, write: true, body: reference),
                "patch": operation(r, "patch", "partially update the specified \(r.kind)", reference, write: true, patch: true),
                "delete": operation(r, "delete", "delete a \(r.kind)", reference),
                "parameters": .array([pathParameter("name")] + scope),
            ])
            paths["\(collection)/{name}/status"] = .object([
                "get": operation(r, "read", "read status of the specified \(r.kind)", reference),
                "put": operation(r, "replace", "replace status of the specified \(r.kind)", reference, write: true, body: reference),
                "patch": operation(r, "patch", "partially update status of the specified \(r.kind)", reference, write: true, patch: true),
                "parameters": .array([pathParameter("name")] + scope),
            ])
        }
        return .object([
            "openapi": .string("3.0.0"),
            "info": .object(["title": .string("skiffd"), "version": .string("v1.32.0-skiff")]),
            "paths": .object(paths),
            "components": .object(["schemas": .object(schemas)]),
        ])
    }

    private static func pathParameter(_ name: String) -> JSONValue {
        .object([
            "name": .string(name), "in": .string("path"), "required": .bool(true),
            "description": .string("\(name) of the object"),
            "schema": .object(["type": .string("string"), "uniqueItems": .bool(true)]),
        ])
    }

    private static func queryParameter(_ name: String, _ description: String, type: String = "string") -> JSONValue {
        .object([
            "name": .string(name), "in": .string("query"), "description": .string(description),
            "schema": .object(["type": .string(type), "uniqueItems": .bool(true)]),
        ])
    }

    private static func operation(
        _ r: ResourceType,
        _ verb: String,
        _ summary: String,
        _ reference: JSONValue,
        list: Bool = false,
        write: Bool = false,
        patch: Bool = false,
        body: JSONValue? = nil
    ) -> JSONValue {
        var parameters: [JSONValue] = []
        if write {
            parameters += [
                queryParameter("dryRun", "When present (`All`), the request is validated but not persisted."),
                queryParameter("fieldManager", "The name of the actor making the change (server-side apply)."),
                queryParameter(
                    "fieldValidation",
                    "How unknown or duplicate fields are treated: `Ignore`, `Warn` or `Strict` (rejected with a 400)."
                ),
            ]
        }
        if patch { parameters.append(queryParameter("force", "Take fields owned by other managers (apply).", type: "boolean")) }
        if list {
            parameters += [
                queryParameter("labelSelector", "Select objects by label (`app=web`, `tier in (a,b)`, `!x`)."),
                queryParameter("fieldSelector", "Select objects by field (`metadata.name=x`, `status.phase!=Failed`)."),
                queryParameter("limit", "Page size.", type: "integer"),
                queryParameter("continue", "The continue token of the previous page."),
                queryParameter("resourceVersion", "Where a watch starts."),
                queryParameter("watch", "Stream changes as newline-delimited JSON events.", type: "boolean"),
                queryParameter("timeoutSeconds", "How long a watch stays open.", type: "integer"),
                queryParameter("allowWatchBookmarks", "Send BOOKMARK events.", type: "boolean"),
            ]
        }
        var op: JSONObject = [
            "description": .string(summary),
            "operationId": .string("\(verb)\(r.kind)"),
            "parameters": .array(parameters),
            "responses": .object([
                "200": .object([
                    "description": .string("OK"),
                    "content": .object(["application/json": .object(["schema": reference])]),
                ])
            ]),
            "x-kubernetes-action": .string(
                list ? "list" : verb == "read" ? "get" : verb == "replace" ? "put" : verb == "create" ? "post" : verb
            ),
            "x-kubernetes-group-version-kind": OpenAPISchema.gvk(r),
        ]
        if let body {
            op["requestBody"] = .object(["content": .object(["*/*": .object(["schema": body])]), "required": .bool(true)])
        }
        if patch {
            // Strategic merge patch is served for core kinds, but kubectl uses its built-in types for those.
            let object: JSONValue = .object(["schema": .object(["type": .string("object")])])
            op["requestBody"] = .object([
                "content": .object([
                    "application/apply-patch+yaml": object,
                    "application/json-patch+json": object,
                    "application/merge-patch+json": object,
                ]),
                "required": .bool(true),
            ])
        }
        return .object(op)
    }

    /// FNV-1a of the document, as upper-case hex (the API server uses a SHA-512; any content hash does).
    static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
