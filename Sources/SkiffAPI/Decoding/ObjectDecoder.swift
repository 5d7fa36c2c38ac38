/// Decodes one Kubernetes-shaped document (`apiVersion`, `kind`, `metadata`, …) into a typed object.
public enum ObjectDecoder {
    /// Decodes `root` as the given kind; `apiVersion` and `kind` are assumed checked by the caller. Returns nil
    /// when errors were recorded in `context` (the errors say why).
    public static func decode<T: APIObject>(_ type: T.Type, root reader: MappingReader) -> T? {
        reader.ignore("apiVersion")
        reader.ignore("kind")
        let errorsBefore = reader.context.errors.count
        let metadata =
            reader.mapping("metadata", required: true) { m in
                ObjectMeta.decode(m, resource: T.resource, nameRule: T.nameRule)
            } ?? ObjectMeta(name: "")
        var meta = metadata
        if T.resource.namespaced && meta.namespace.isEmpty { meta.namespace = "default" }
        let spec = T.decodeSpec(from: reader)
        var status = T.Status()
        if reader.context.includeStatus {
            status = T.decodeStatus(from: reader) ?? T.Status()
        } else {
            reader.ignore("status")
        }
        reader.finish()
        guard let spec, reader.context.errors.count == errorsBefore else { return nil }
        return T(metadata: meta, spec: spec, status: status)
    }

    /// Decodes a document by looking up its `apiVersion` and `kind` in `registry`.
    public static func decode(_ root: YAMLNode, registry: KindRegistry, context: DecodeContext) -> (any APIObject)? {
        guard let reader = MappingReader(root, path: FieldPath(), context: context) else { return nil }
        guard let apiVersion = reader.string("apiVersion", required: true),
            let kind = reader.string("kind", required: true)
        else { return nil }
        guard let type = registry.type(apiVersion: apiVersion, kind: kind) else {
            let known = registry.apiVersions(ofKind: kind)
            if known.isEmpty {
                context.error(
                    FieldPath("kind"),
                    reader.mark("kind"),
                    "no kind \(FieldError.quote(kind)) is registered for version \(FieldError.quote(apiVersion))"
                )
            } else {
                context.error(
                    FieldPath("apiVersion"),
                    reader.mark("apiVersion"),
                    "no kind \(FieldError.quote(kind)) is registered for version \(FieldError.quote(apiVersion)); "
                        + "supported: \(known.joined(separator: ", "))"
                )
            }
            return nil
        }
        return decode(type, root: reader)
    }

    /// Decodes `root` as a kind known only at run time (a registry lookup, a kind named on a command line).
    public static func decode(_ type: any APIObject.Type, root reader: MappingReader) -> (any APIObject)? {
        func open<T: APIObject>(_ type: T.Type) -> (any APIObject)? {
            // Typed as `T?` so that the generic overload is chosen, not this one again.
            let object: T? = decode(type, root: reader)
            return object
        }
        return open(type)
    }
}
