extension ObjectMeta {
    /// Reads `metadata` for a kind with the given scope and name rule. Server-set fields (uid,
    /// resourceVersion, generation, creationTimestamp) are read too, so that `kubectl get -o yaml` output can be
    /// dropped into the folder; the store overwrites them.
    public static func decode(_ reader: MappingReader, resource: ResourceType, nameRule: NameRule) -> ObjectMeta {
        let context = reader.context
        var meta = ObjectMeta(name: reader.string("name") ?? "")
        meta.generateName = reader.string("generateName")
        if meta.name.isEmpty && (meta.generateName ?? "").isEmpty {
            context.required(reader.path.child("name"), reader.mark("name"), "name or generateName is required")
        } else if !meta.name.isEmpty {
            let problems: [String]
            switch nameRule {
            case .dns1123Subdomain: problems = NameValidation.isDNS1123Subdomain(meta.name)
            case .dns1123Label: problems = NameValidation.isDNS1123Label(meta.name)
            }
            for problem in problems {
                context.invalid(reader.path.child("name"), reader.mark("name"), value: meta.name, problem)
            }
        }
        if let namespace = reader.string("namespace") {
            if resource.namespaced {
                for problem in NameValidation.isDNS1123Label(namespace) {
                    context.invalid(reader.path.child("namespace"), reader.mark("namespace"), value: namespace, problem)
                }
                meta.namespace = namespace
            } else if !namespace.isEmpty {
                context.warning(
                    reader.path.child("namespace"),
                    reader.mark("namespace"),
                    "ignored: \(resource.kind) is cluster-scoped"
                )
            }
        }
        if let labels = reader.stringMap("labels") {
            for (k, v) in labels.sorted(by: { $0.key < $1.key }) {
                let path = reader.path.child("labels")
                for problem in NameValidation.isQualifiedName(k) {
                    context.invalid(path, reader.mark("labels"), value: k, problem)
                }
                for problem in NameValidation.isValidLabelValue(v) {
                    context.invalid(path.key(k), reader.mark("labels"), value: v, problem)
                }
            }
            meta.labels = labels
        }
        if let annotations = reader.stringMap("annotations") {
            for k in annotations.keys.sorted() {
                for problem in NameValidation.isQualifiedName(k.lowercased()) {
                    context.invalid(reader.path.child("annotations"), reader.mark("annotations"), value: k, problem)
                }
            }
            meta.annotations = annotations
        }
        meta.uid = reader.string("uid") ?? ""
        if let rv = reader.string("resourceVersion") {
            meta.resourceVersion = ResourceVersion(rv) ?? 0
        }
        meta.generation = reader.int("generation") ?? 0
        meta.creationTimestamp = reader.timestamp("creationTimestamp")
        meta.deletionTimestamp = reader.timestamp("deletionTimestamp")
        reader.ignore("deletionGracePeriodSeconds")
        reader.ignore("managedFields")
        reader.ignore("selfLink")
        meta.finalizers = reader.stringList("finalizers") ?? []
        meta.ownerReferences =
            reader.mappingList("ownerReferences") { r in
                OwnerReference(
                    apiVersion: r.string("apiVersion", required: true) ?? "",
                    kind: r.string("kind", required: true) ?? "",
                    name: r.string("name", required: true) ?? "",
                    uid: r.string("uid", required: true) ?? "",
                    controller: r.bool("controller") ?? false,
                    blockOwnerDeletion: r.bool("blockOwnerDeletion") ?? false
                )
            } ?? []
        return meta
    }

    /// `metadata` as Kubernetes prints it.
    public func encoded() -> JSONValue {
        var o = JSONObject()
        o.put("name", nonEmpty: name)
        o.put("generateName", nonEmpty: generateName)
        o.put("namespace", nonEmpty: namespace)
        o.put("uid", nonEmpty: uid)
        if resourceVersion > 0 { o["resourceVersion"] = .string(String(resourceVersion)) }
        if generation > 0 { o["generation"] = .int(generation) }
        o.put("creationTimestamp", creationTimestamp.map { .string($0.rfc3339) })
        o.put("deletionTimestamp", deletionTimestamp.map { .string($0.rfc3339) })
        o.put("labels", nonEmpty: labels)
        o.put("annotations", nonEmpty: annotations)
        o.put("ownerReferences", nonEmpty: ownerReferences.map(\.encoded))
        o.put("finalizers", nonEmpty: finalizers.map { .string($0) })
        return .object(o)
    }
}

extension OwnerReference {
    /// The reference as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["apiVersion"] = .string(apiVersion)
        o["kind"] = .string(kind)
        o["name"] = .string(name)
        o["uid"] = .string(uid)
        if controller { o["controller"] = .bool(true) }
        if blockOwnerDeletion { o["blockOwnerDeletion"] = .bool(true) }
        return .object(o)
    }
}

extension Condition {
    /// The condition as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["type"] = .string(type)
        o["status"] = .string(status.rawValue)
        if let observedGeneration { o["observedGeneration"] = .int(observedGeneration) }
        o.put("lastTransitionTime", lastTransitionTime.map { .string($0.rfc3339) })
        o.put("reason", nonEmpty: reason)
        o.put("message", nonEmpty: message)
        return .object(o)
    }

    /// Reads a `conditions` entry (status round trips through the API and persistence).
    public static func decode(_ r: MappingReader) -> Condition? {
        guard let type = r.string("type", required: true) else { return nil }
        let status = r.enumeration("status", ConditionStatus.allCases.map(\.rawValue), required: true)
        return Condition(
            type: type,
            status: status.flatMap(ConditionStatus.init(rawValue:)) ?? .unknown,
            reason: r.string("reason") ?? "",
            message: r.string("message") ?? "",
            lastTransitionTime: r.timestamp("lastTransitionTime"),
            observedGeneration: r.int("observedGeneration")
        )
    }
}
