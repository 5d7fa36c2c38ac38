extension ManifestDecoder {
    /// The decoder the daemon and `skiffctl validate` use: every built-in kind and every Azure ML form.
    public static let standard = ManifestDecoder(registry: .builtIn, adapters: [
        CLIAmlComputeAdapter(), CLIKubernetesComputeAdapter(), CLIJobAdapter(), AttachConfigAdapter(),
        PreviewAttachConfigAdapter(), RESTComputeAdapter(), SDKv1AmlComputeAdapter(), UnsupportedAzureMLAdapter(),
    ])
}
