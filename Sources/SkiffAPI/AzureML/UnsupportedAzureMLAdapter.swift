/// Refuses, with one precise error, Azure ML documents Skiff does not implement — pipeline, spark or AutoML jobs,
/// online endpoints and deployments, compute instances, data and model assets… — recognised by a `$schema` on
/// Azure ML's schema host or a `type:` Azure ML uses. Without it such files would fail with a heap of unknown-field
/// errors. Must come after the adapters that accept documents.
public struct UnsupportedAzureMLAdapter: ManifestAdapter {
    public let name = "unsupported Azure ML document"

    /// `type:` values of Azure ML documents Skiff does not read.
    static let unsupportedTypes: Set<String> = [
        "pipeline", "spark", "parallel", "automl", "import", "data_transfer", "computeinstance", "virtualmachine",
        "synapsespark", "kubernetes_online", "managed_online", "uri_file", "uri_folder", "mltable", "mlflow_model",
        "custom_model", "triton_model",
    ]

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        if let url = root[key: "$schema"]?.scalar?.value.lowercased(), url.contains("azuremlschemas") { return true }
        return AzureMLNames.typeValue(of: root).map(Self.unsupportedTypes.contains) ?? false
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        for key in root.keys { root.ignore(key) }
        let supported = "Skiff reads Azure ML amlCompute, kubernetesCompute, commandJob and sweepJob documents"
        if let schema = AzureMLNames.schemaName(of: root.node) {
            root.context.error(
                root.path.child("$schema"),
                root.mark("$schema"),
                "Unsupported value: \(FieldError.quote(schema)): \(supported)"
            )
        } else if let type = root.node[key: "type"]?.scalar?.value {
            root.context.error(
                root.path.child("type"),
                root.mark("type"),
                "Unsupported value: \(FieldError.quote(type)): \(supported)"
            )
        }
        return []
    }
}
