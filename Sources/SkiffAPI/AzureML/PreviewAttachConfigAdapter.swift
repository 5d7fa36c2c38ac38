/// The 2021 preview's YAML attach configuration (`default_instance_type`, `namespace`, `instance_types:` as a list
/// of `{name, node_selector, resources}`), as a ``KubernetesCompute`` named after the file. An obsolete form that
/// old example folders still hold; instance type names are converted to Kubernetes names.
public struct PreviewAttachConfigAdapter: ManifestAdapter {
    public let name = "Azure ML attach configuration (2021 preview YAML)"

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        root[key: "type"] == nil && (root[key: "default_instance_type"] != nil || root[key: "instance_types"] != nil)
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        let context = root.context
        let errorsBefore = context.errors.count
        let name = AzureMLNames.objectName(root, key: nil, fileStem: fileStem)
        var spec = KubernetesCompute.Spec()
        if let namespace = root.located("namespace", root.string("namespace")) {
            spec.namespace = KubernetesCompute.checkNamespace(namespace, context: context) ?? namespace.value
        }
        var defaultType = root.located("default_instance_type", root.string("default_instance_type"))
        if let written = defaultType {
            let converted = AzureMLNames.convert(
                written.value,
                path: written.path,
                mark: written.mark,
                context: context
            )
            defaultType?.value = converted ?? written.value
            spec.defaultInstanceType = converted
        }
        var origin: [String: String] = [:]
        let entries = root.mappingList("instance_types") { e -> (String, InstanceType.Spec)? in
            let written = e.located("name", e.string("name", required: true))
            let converted = written.flatMap {
                AzureMLNames.convert($0.value, path: $0.path, mark: $0.mark, context: context)
            }
            let typeSpec = InstanceType.Spec.decode(e, naming: .snakeCase)
            guard let written, let converted, let typeSpec else { return nil }
            if let first = origin[converted] {
                context.error(
                    written.path,
                    written.mark,
                    "Duplicate value: \(FieldError.quote(converted)) (also the name of \(FieldError.quote(first)))"
                )
                return nil
            }
            origin[converted] = written.value
            return (converted, typeSpec)
        }
        for (typeName, typeSpec) in entries ?? [] { spec.instanceTypes[typeName] = typeSpec }
        KubernetesCompute.checkDefault(defaultType, in: spec.instanceTypes, given: entries != nil, context: context)
        guard let name, context.errors.count == errorsBefore else { return [] }
        return [KubernetesCompute(metadata: ObjectMeta(name: name), spec: spec)]
    }
}
