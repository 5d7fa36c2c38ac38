extension Extension.Spec {
    /// A setting's value from `configurationSettings`, else from `configurationProtectedSettings` (the CLI reads
    /// either).
    public func setting(_ key: String) -> String? {
        configurationSettings[key] ?? configurationProtectedSettings[key]
    }

    /// A boolean setting (`True`/`False`, any case), or nil when absent or not a boolean.
    public func boolSetting(_ key: String) -> Bool? {
        setting(key).flatMap(ExtensionSettingKeys.parseBool)
    }

    /// Whether training and batch jobs are enabled (default false).
    public var enableTraining: Bool { boolSetting(ExtensionSettingKeys.enableTraining) ?? false }
    /// Whether real-time inference is enabled (default false).
    public var enableInference: Bool { boolSetting(ExtensionSettingKeys.enableInference) ?? false }
    /// Whether inference endpoints may serve plain HTTP (default false).
    public var allowInsecureConnections: Bool { boolSetting(ExtensionSettingKeys.allowInsecureConnections) ?? false }
    /// The inference router's service type, canonically spelled (`LoadBalancer`, `NodePort`, `ClusterIP`).
    public var inferenceRouterServiceType: String? {
        guard let value = setting(ExtensionSettingKeys.inferenceRouterServiceType) else { return nil }
        return ExtensionSettingKeys.routerServiceTypes.first { $0.lowercased() == value.lowercased() }
    }
    /// `azure` for an internal load balancer on AKS.
    public var internalLoadBalancerProvider: String? { setting(ExtensionSettingKeys.internalLoadBalancerProvider) }
    /// Three inference router replicas (default true); the legacy `inferenceLoadBalancerHA` is read when the
    /// current key is absent.
    public var inferenceRouterHA: Bool {
        boolSetting(ExtensionSettingKeys.inferenceRouterHA) ?? boolSetting("inferenceLoadBalancerHA") ?? true
    }
    /// Whether the extension installs the NVIDIA device plugin (default false; it was true in the 2021 preview).
    public var installNvidiaDevicePlugin: Bool {
        boolSetting(ExtensionSettingKeys.installNvidiaDevicePlugin) ?? false
    }
    /// Whether the extension installs its own prometheus-operator (default true; legacy `reuseExistingPromOp`
    /// says the opposite).
    public var installPromOp: Bool {
        boolSetting(ExtensionSettingKeys.installPromOp) ?? boolSetting("reuseExistingPromOp").map { !$0 } ?? true
    }
    /// Whether the extension installs volcano (default true; legacy `volcanoScheduler.enable`).
    public var installVolcano: Bool {
        boolSetting(ExtensionSettingKeys.installVolcano) ?? boolSetting("volcanoScheduler.enable") ?? true
    }
    /// Whether the extension installs the DCGM exporter for GPU metrics (default false).
    public var installDcgmExporter: Bool { boolSetting(ExtensionSettingKeys.installDcgmExporter) ?? false }
    /// The SSL secret's name (`sslSecret`, or `scoringFe.sslSecret` as the ARM template writes it).
    public var sslSecret: String? {
        [setting(ExtensionSettingKeys.sslSecret), setting("scoringFe.sslSecret")].compactMap { $0 }
            .first { !$0.isEmpty }
    }
    /// The host name of the inference endpoints' certificate.
    public var sslCname: String? { setting(ExtensionSettingKeys.sslCname).flatMap { $0.isEmpty ? nil : $0 } }
    /// Whether inference is served over HTTPS: a secret, or a certificate and key (as PEM files for the CLI or
    /// base64 `scoringFe.sslCert`/`scoringFe.sslKey` for ARM).
    public var sslEnabled: Bool {
        func present(_ key: String) -> Bool { !(configurationProtectedSettings[key] ?? "").isEmpty }
        return sslSecret != nil
            || (present(ExtensionSettingKeys.sslCertPemFile) && present(ExtensionSettingKeys.sslKeyPemFile))
            || (present("scoringFe.sslCert") && present("scoringFe.sslKey"))
    }
    /// The `nodeSelector.<label>` settings as a node selector; it applies to every ML workload.
    public var nodeSelector: [String: String] {
        var selector: [String: String] = [:]
        for (key, value) in configurationSettings where key.hasPrefix(ExtensionSettingKeys.nodeSelectorPrefix) {
            selector[String(key.dropFirst(ExtensionSettingKeys.nodeSelectorPrefix.count))] = value
        }
        for (key, value) in configurationProtectedSettings
        where key.hasPrefix(ExtensionSettingKeys.nodeSelectorPrefix) {
            let label = String(key.dropFirst(ExtensionSettingKeys.nodeSelectorPrefix.count))
            if selector[label] == nil { selector[label] = value }
        }
        return selector
    }
    /// Settings the extension does not know, sorted (kept as given; a warning lists them when the object is read).
    public var unknownSettings: [String] {
        (Array(configurationSettings.keys) + Array(configurationProtectedSettings.keys))
            .filter { !ExtensionSettingKeys.isKnown($0) }.sorted()
    }
}
