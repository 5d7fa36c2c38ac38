/// The configuration settings the Azure ML extension knows (reference §2.1–2.3): the current user-facing keys,
/// legacy keys from older docs, and keys the `az k8s-extension` CLI fills in itself. Keys are case-sensitive, as
/// the extension reads them.
public enum ExtensionSettingKeys {
    /// Runs training and batch jobs.
    public static let enableTraining = "enableTraining"
    /// Runs real-time inference endpoints.
    public static let enableInference = "enableInference"
    /// Lets inference endpoints serve plain HTTP.
    public static let allowInsecureConnections = "allowInsecureConnections"
    /// How the inference router is exposed: LoadBalancer, NodePort or ClusterIP.
    public static let inferenceRouterServiceType = "inferenceRouterServiceType"
    /// `azure` for an internal load balancer (AKS).
    public static let internalLoadBalancerProvider = "internalLoadBalancerProvider"
    /// A secret in the `azureml` namespace holding `cert.pem` and `key.pem`.
    public static let sslSecret = "sslSecret"
    /// The host name of the inference endpoints' certificate.
    public static let sslCname = "sslCname"
    /// A protected setting: the certificate's PEM file (CLI).
    public static let sslCertPemFile = "sslCertPemFile"
    /// A protected setting: the key's PEM file (CLI).
    public static let sslKeyPemFile = "sslKeyPemFile"
    /// Three inference router replicas.
    public static let inferenceRouterHA = "inferenceRouterHA"
    /// Installs the NVIDIA device plugin.
    public static let installNvidiaDevicePlugin = "installNvidiaDevicePlugin"
    /// Installs the extension's prometheus-operator.
    public static let installPromOp = "installPromOp"
    /// Installs the volcano scheduler.
    public static let installVolcano = "installVolcano"
    /// Installs the DCGM exporter for GPU metrics.
    public static let installDcgmExporter = "installDcgmExporter"
    /// `DevTest`, `FastProd` or `DenseProd`.
    public static let clusterPurpose = "clusterPurpose"
    /// Keys starting with this restrict where the extension's pods and ML workloads run (`nodeSelector.agentpool`).
    public static let nodeSelectorPrefix = "nodeSelector."
    /// `servicebus.topicSubMapping.<topic>` keys, one per topic.
    public static let topicSubMappingPrefix = "servicebus.topicSubMapping."

    /// Settings whose value is a boolean written `True` or `False` (any case).
    public static let booleans: Set<String> = [
        enableTraining, enableInference, allowInsecureConnections, inferenceRouterHA, installNvidiaDevicePlugin,
        installPromOp, installVolcano, installDcgmExporter,
        // Legacy (2021 preview, 2022 docs, older CLI).
        "logAnalyticsWS", "installBlobfuseSysctl", "installBlobfuseFlexvol", "inferenceLoadBalancerHA", "openshift",
        "blobCsiDriverEnabled", "reuseExistingPromOp", "volcanoScheduler.enable", "privateEndpointILB",
        "privateEndpointNodeport",
        // Filled in by the CLI or the ARM template.
        "servicebus.enabled", "relayserver.enabled", "nginxIngress.enabled", "isAKSMigration",
        "azure_log_analytics.enabled", "scoringFe.serviceType.nodePort", "scoringFe.serviceType.internalLoadBalancer",
    ]

    /// Every other known key (free text).
    public static let strings: Set<String> = [
        inferenceRouterServiceType, internalLoadBalancerProvider, sslSecret, sslCname, sslCertPemFile, sslKeyPemFile,
        clusterPurpose, "volumePluginDir",
        "cluster_name", "clusterId", "prometheus.prometheusSpec.externalLabels.cluster_name", "domain", "location",
        "jobSchedulerLocation", "cluster_name_friendly", "scoringFe.sslSecret", "scoringFe.sslCert", "scoringFe.sslKey",
        "scoringFe.namespace", "relayserver.relayConnectionString", "relayserver.hybridConnectionResourceID",
        "relayserver.hybridConnectionName", "servicebus.connectionString", "servicebus.resourceID",
        "azure_log_analytics.customer_id", "azure_log_analytics.connection_string", "relayServerConnectionString",
        "serviceBusConnectionString", "RelayConnectionString",
    ]

    /// The values `inferenceRouterServiceType` takes, as the ARM template spells them; compared case-insensitively.
    public static let routerServiceTypes = ["LoadBalancer", "NodePort", "ClusterIP"]
    /// The values of `clusterPurpose` (ARM schema).
    public static let clusterPurposes = ["DenseProd", "DevTest", "FastProd"]

    /// Whether the extension knows `key`.
    public static func isKnown(_ key: String) -> Bool {
        booleans.contains(key) || strings.contains(key) || key.hasPrefix(nodeSelectorPrefix)
            || key.hasPrefix(topicSubMappingPrefix)
    }

    /// A boolean setting's value: `True`/`False` in any case; nil for anything else.
    public static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}
