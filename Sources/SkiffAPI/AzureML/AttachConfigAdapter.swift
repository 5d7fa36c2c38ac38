/// The 2021 preview's attach configuration for a Kubernetes compute, JSON with `namespace`, `defaultInstanceType`
/// and `instanceTypes` (REST's `KubernetesProperties`), as a ``KubernetesCompute`` named after the file.
/// Recognised by `defaultInstanceType` or `instanceTypes` at the top of a document without `type`.
public struct AttachConfigAdapter: ManifestAdapter {
    public let name = "Azure ML attach configuration (2021)"

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        root[key: "type"] == nil && root[key: "properties"] == nil
            && (root[key: "defaultInstanceType"] != nil || root[key: "instanceTypes"] != nil)
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        let errorsBefore = root.context.errors.count
        let name = AzureMLNames.objectName(root, key: nil, fileStem: fileStem)
        var spec = KubernetesCompute.Spec()
        _ = KubernetesPropertiesReader.read(root, into: &spec)
        guard let name, root.context.errors.count == errorsBefore else { return [] }
        return [KubernetesCompute(metadata: ObjectMeta(name: name), spec: spec)]
    }
}
