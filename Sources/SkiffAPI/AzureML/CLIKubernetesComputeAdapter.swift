/// Azure ML CLI v2 Kubernetes compute YAML (`type: kubernetes`, `$schema: …/kubernetesCompute.schema.json`) as a
/// ``KubernetesCompute``: `namespace`, `resource_id`, `identity`, and the SDK's free-form `properties`, which carry
/// REST `KubernetesProperties` (`defaultInstanceType`, `instanceTypes`, …).
public struct CLIKubernetesComputeAdapter: ManifestAdapter {
    public let name = "Azure ML CLI v2 kubernetes compute"

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        AzureMLNames.typeValue(of: root) == "kubernetes"
            || AzureMLNames.schemaName(of: root) == "kubernetescompute.schema.json"
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        let context = root.context
        let errorsBefore = context.errors.count
        CLIComputeFields.readCommon(root, expectedType: "kubernetes")
        let name = AzureMLNames.objectName(root, key: "name", fileStem: fileStem)
        var spec = KubernetesCompute.Spec()
        spec.description = root.string("description")
        spec.location = root.string("location")
        spec.resourceId = root.string("resource_id")
        root.ignore("tags")
        let namespace = root.located("namespace", root.string("namespace"))
        spec.identity = root.mapping("identity") { ManagedIdentity.decode($0, naming: .snakeCase) }
        let fromProperties = root.mapping("properties") { KubernetesPropertiesReader.read($0, into: &spec) }
        if let namespace {
            if let other = fromProperties?.namespace, other.value != namespace.value {
                context.invalid(
                    other.path,
                    other.mark,
                    value: other.value,
                    "conflicts with namespace \(FieldError.quote(namespace.value))"
                )
            }
            spec.namespace = KubernetesCompute.checkNamespace(namespace, context: context) ?? namespace.value
        }
        guard let name, context.errors.count == errorsBefore else { return [] }
        return [KubernetesCompute(metadata: ObjectMeta(name: name), spec: spec)]
    }
}
