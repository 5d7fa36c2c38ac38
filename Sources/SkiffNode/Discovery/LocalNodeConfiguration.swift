import Foundation

/// How the local node describes itself: its name, extra labels, what the system keeps for itself, and whether its
/// GPUs may be advertised.
public struct LocalNodeConfiguration: Sendable, Hashable {
    /// The node's name; the host name in lower case (as the kubelet names a node) when nil.
    public var nodeName: String?
    /// Labels added to the discovered ones (`kubernetes.io/*` and `nvidia.com/gpu.*` are always the discovered
    /// values).
    public var labels: [String: String]
    /// What the system and the daemon keep: allocatable = capacity − this, never below zero (the kubelet's
    /// `systemReserved`).
    public var systemReserved: ResourceList
    /// The `pods` capacity (the kubelet's `maxPods`).
    public var maxPods: Int
    /// Whether GPUs are advertised as `nvidia.com/gpu`: the extension's `installNvidiaDevicePlugin`, or a
    /// configuration switch saying a device plugin is already present.
    public var advertiseGPUs: Bool
    /// What decided ``advertiseGPUs``, for the node condition (`the extension's installNvidiaDevicePlugin`).
    public var gpuAdvertisingSource: String
    /// The `PATH` searched for `nvidia-smi`.
    public var gpuSearchPath: String
    /// How long `nvidia-smi` may take.
    public var gpuProbeTimeout: Duration
    /// A folder on the file system pods write to (the state dir); its size becomes `ephemeral-storage` capacity.
    public var ephemeralStoragePath: String?
    /// Where the machine is read from.
    public var hostPaths: HostPaths
    /// `spec.providerID`.
    public var providerID: String
    /// `nodeInfo.kubeletVersion`: the Kubernetes version Skiff speaks, marked as Skiff's.
    public var agentVersion: String

    /// A configuration; every setting has the kubelet's default where it has one.
    public init(
        nodeName: String? = nil,
        labels: [String: String] = [:],
        systemReserved: ResourceList = ResourceList(),
        maxPods: Int = 110,
        advertiseGPUs: Bool = false,
        gpuAdvertisingSource: String =
            "the extension's installNvidiaDevicePlugin setting (or the configuration's device plugin switch)",
        gpuSearchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
        gpuProbeTimeout: Duration = .seconds(10),
        ephemeralStoragePath: String? = nil,
        hostPaths: HostPaths = .system,
        providerID: String = "skiff://local",
        agentVersion: String = "v1.32.0-skiff"
    ) {
        self.nodeName = nodeName
        self.labels = labels
        self.systemReserved = systemReserved
        self.maxPods = maxPods
        self.advertiseGPUs = advertiseGPUs
        self.gpuAdvertisingSource = gpuAdvertisingSource
        self.gpuSearchPath = gpuSearchPath
        self.gpuProbeTimeout = gpuProbeTimeout
        self.ephemeralStoragePath = ephemeralStoragePath
        self.hostPaths = hostPaths
        self.providerID = providerID
        self.agentVersion = agentVersion
    }
}
