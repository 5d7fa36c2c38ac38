/// Every Azure ML document format Skiff reads, in the order a ``ManifestDecoder`` should try them: documents that
/// name their format (`type:`, `$schema`) first, then REST bodies and ARM templates, then the forms recognised by
/// their keys, and last the catch-all that refuses Azure ML documents Skiff does not implement.
public enum AzureMLAdapters {
    /// The adapters, in matching order.
    public static let all: [any ManifestAdapter] = [
        CLIAmlComputeAdapter(),
        CLIKubernetesComputeAdapter(),
        CLIJobAdapter(),
        ARMExtensionTemplateAdapter(),
        RESTComputeAdapter(),
        AttachConfigAdapter(),
        PreviewAttachConfigAdapter(),
        SDKv1AmlComputeAdapter(),
        UnsupportedAzureMLAdapter(),
    ]

    /// The kinds the adapters produce, for a ``KindRegistry``.
    public static let kinds: [any APIObject.Type] = [
        InstanceType.self, Extension.self, KubernetesCompute.self, AmlCompute.self, Job.self,
    ]
}
