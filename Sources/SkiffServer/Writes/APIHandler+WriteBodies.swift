/// Reading write requests' bodies: media types, JSON or YAML, the object's identity from the URL, decoding with the
/// manifest decoders, and the Status of a conflict.
extension APIHandler {
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
