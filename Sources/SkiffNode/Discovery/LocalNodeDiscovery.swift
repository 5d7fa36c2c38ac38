import Glibc
import Logging
import Synchronization

/// Discovers the local machine as a Kubernetes node: CPUs and memory from `/proc`, GPUs from `nvidia-smi`,
/// labels as the kubelet and NVIDIA's GPU feature discovery set them, allocatable = capacity − reserved.
///
/// Call ``discover()`` at start and again to refresh. A problem with `nvidia-smi` is logged once, when it first
/// appears or changes, never on every refresh.
public final class LocalNodeDiscovery: Sendable {
    /// How the node describes itself.
    public let configuration: LocalNodeConfiguration
    private let logger: Logger
    private let lastGPUProblem = Mutex<String?>(nil)

    /// A discovery with the given configuration.
    public init(configuration: LocalNodeConfiguration, logger: Logger = Logger(label: "skiff.node.discovery")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Reads the machine and asks `nvidia-smi` for GPUs. Never throws: whatever cannot be read has a fallback.
    public func discover() async -> DiscoveredNode {
        let host = HostInfo.read(configuration.hostPaths)
        let probe = await GPUProbe(searchPath: configuration.gpuSearchPath, timeout: configuration.gpuProbeTimeout)
            .probe()
        noteGPUProblem(probe.problem, found: probe.devices.count)
        return node(host: host, gpus: probe.devices, gpuProblem: probe.problem)
    }

    /// The node for a machine and its GPUs; ``discover()`` without the reading, for callers that have both.
    public func node(host: HostInfo, gpus: [GPUDevice], gpuProblem: String? = nil) -> DiscoveredNode {
        // As the kubelet: the host name in lower case is the `kubernetes.io/hostname` label and `Hostname` address
        // even when the node is given another name.
        let hostname = host.hostname.lowercased()
        let name = configuration.nodeName ?? hostname
        var labels = configuration.labels
        labels[NodeLabels.hostname] = hostname
        labels[NodeLabels.os] = "linux"
        labels[NodeLabels.arch] = host.architecture
        labels[NodeLabels.betaOS] = "linux"
        labels[NodeLabels.betaArch] = host.architecture
        for key in NodeLabels.gpuLabelKeys { labels[key] = nil }
        labels.merge(NodeLabels.gpuLabels(for: gpus)) { _, gpu in gpu }

        var capacity: ResourceList = [
            .cpu: Quantity(Int64(host.cpuCount)),
            .memory: Quantity(host.memoryBytes, format: .binarySI),
            .pods: Quantity(Int64(configuration.maxPods)),
        ]
        if let path = configuration.ephemeralStoragePath, let bytes = Self.fileSystemBytes(path) {
            capacity[.ephemeralStorage] = Quantity(bytes, format: .binarySI)
        }
        let advertise = configuration.advertiseGPUs && !gpus.isEmpty
        if advertise {
            capacity[.nvidiaGPU] = Quantity(Int64(gpus.count))
        }

        let status = NodeStatus(
            capacity: capacity,
            allocatable: Self.allocatable(capacity: capacity, reserved: configuration.systemReserved),
            conditions: [
                NodeCondition(
                    type: .ready,
                    status: .true,
                    reason: "KubeletReady",
                    message: "skiff local node is posting ready status"
                ),
                gpuCondition(gpus: gpus, advertised: advertise, problem: gpuProblem),
            ],
            addresses: [NodeAddress(type: .hostname, address: hostname)]
                + (host.internalIP.map { [NodeAddress(type: .internalIP, address: $0)] } ?? []),
            nodeInfo: NodeSystemInfo(
                machineID: host.machineID,
                systemUUID: host.systemUUID,
                bootID: host.bootID,
                kernelVersion: host.kernelVersion,
                osImage: host.osImage,
                containerRuntimeVersion: "skiff-process://1",
                kubeletVersion: configuration.agentVersion,
                operatingSystem: "linux",
                architecture: host.architecture
            )
        )
        let node = Node(
            metadata: ObjectMeta(name: name, labels: labels),
            spec: NodeSpec(providerID: configuration.providerID),
            status: status
        )
        return DiscoveredNode(node: node, gpus: gpus, host: host, gpuProblem: gpuProblem)
    }

    /// Capacity − reserved per resource of the capacity, clamped at zero as the kubelet clamps it.
    public static func allocatable(capacity: ResourceList, reserved: ResourceList) -> ResourceList {
        var result = ResourceList()
        for entry in capacity {
            let left = entry.quantity - reserved.quantity(for: entry.name)
            var value = left.sign < 0 ? Quantity.zero : left
            value.format = entry.quantity.format
            result[entry.name] = value
        }
        return result
    }

    private func gpuCondition(gpus: [GPUDevice], advertised: Bool, problem: String?) -> NodeCondition {
        if advertised {
            let detail = problem.map { " (\($0))" } ?? ""
            return NodeCondition(
                type: .gpusAdvertised,
                status: .true,
                reason: "DevicePluginAllowed",
                message: "\(gpus.count) NVIDIA GPU(s) advertised as nvidia.com/gpu\(detail)"
            )
        }
        if gpus.isEmpty {
            return NodeCondition(
                type: .gpusAdvertised,
                status: .false,
                reason: "NoGPUsFound",
                message: "no NVIDIA GPU found: \(problem ?? "nvidia-smi lists none")"
            )
        }
        return NodeCondition(
            type: .gpusAdvertised,
            status: .false,
            reason: "DevicePluginNotAllowed",
            message: "\(gpus.count) NVIDIA GPU(s) found but not advertised as nvidia.com/gpu: "
                + "\(configuration.gpuAdvertisingSource) does not allow it"
        )
    }

    private func noteGPUProblem(_ problem: String?, found: Int) {
        let changed = lastGPUProblem.withLock { last in
            defer { last = problem }
            return last != problem
        }
        guard changed else { return }
        if let problem {
            logger.notice("GPU discovery: \(problem); \(found) GPU(s) usable")
        } else {
            logger.info("GPU discovery: \(found) GPU(s) found")
        }
    }

    private static func fileSystemBytes(_ path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        let (bytes, overflow) = Int64(info.f_blocks).multipliedReportingOverflow(by: Int64(info.f_frsize))
        return overflow ? nil : bytes
    }
}
