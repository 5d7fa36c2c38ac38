/// Azure ML CLI v2 compute cluster YAML (`type: amlcompute`, `$schema: …/amlCompute.schema.json`) as an
/// ``AmlCompute``. Fields as the SDK v2 `AmlComputeSchema` reads them, defaults from the YAML reference.
public struct CLIAmlComputeAdapter: ManifestAdapter {
    public let name = "Azure ML CLI v2 amlcompute"

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        AzureMLNames.typeValue(of: root) == "amlcompute"
            || AzureMLNames.schemaName(of: root) == "amlcompute.schema.json"
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        CLIComputeFields.readCommon(root, expectedType: "amlcompute")
        let name = AzureMLNames.objectName(root, key: "name", fileStem: fileStem)
        root.ignore("resource_id")
        guard let spec = AmlCompute.decode(root, naming: .snakeCase), let name else { return [] }
        return [AmlCompute(metadata: ObjectMeta(name: name), spec: spec)]
    }
}
