import Logging
import SkiffNode
import Testing

struct LocalNodeDiscoveryTests {
    private static let host = HostInfo(
        cpuCount: 8,
        memoryBytes: 32 * 1024 * 1024 * 1024,
        hostname: "GPU-Box",
        kernelVersion: "6.1.0",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        architecture: "amd64",
        machineID: "m",
        systemUUID: "u",
        bootID: "b",
        internalIP: "10.0.0.5"
    )
    private static let gpus = [
        GPUDevice(index: 0, uuid: "GPU-a", name: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920),
        GPUDevice(index: 1, uuid: "GPU-b", name: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920),
    ]

    @Test func buildsANodeReadyForTheStore() {
        let discovery = LocalNodeDiscovery(
            configuration: LocalNodeConfiguration(
                labels: ["team": "ml", "kubernetes.io/arch": "wrong"],
                systemReserved: ["cpu": "500m", "memory": "1Gi", "nvidia.com/gpu": "1"],
                advertiseGPUs: true
            )
        )
        let result = discovery.node(host: Self.host, gpus: Self.gpus)
        let node = result.node
        #expect(node.metadata.name == "gpu-box")
        #expect(node.metadata.labels["kubernetes.io/hostname"] == "gpu-box")
        #expect(node.metadata.labels["kubernetes.io/os"] == "linux")
        #expect(node.metadata.labels["kubernetes.io/arch"] == "amd64")
        #expect(node.metadata.labels["team"] == "ml")
        #expect(node.metadata.labels["nvidia.com/gpu.product"] == "NVIDIA-A100-SXM4-80GB")
        #expect(node.metadata.labels["nvidia.com/gpu.count"] == "2")
        #expect(node.metadata.labels["nvidia.com/gpu.memory"] == "81920")
        #expect(node.spec.providerID == "skiff://local")
        #expect(node.status.capacity == ["cpu": "8", "memory": "32Gi", "pods": "110", "nvidia.com/gpu": "2"])
        #expect(node.status.allocatable == ["cpu": "7500m", "memory": "31Gi", "pods": "110", "nvidia.com/gpu": "1"])
        #expect(node.status.capacity[.memory]?.canonical == "32Gi")
        #expect(node.status.isReady)
        #expect(node.status.conditions[type: .ready]?.reason == "KubeletReady")
        #expect(node.status.conditions[type: .gpusAdvertised]?.status == .true)
        #expect(
            node.status.addresses == [
                NodeAddress(type: .hostname, address: "gpu-box"), NodeAddress(type: .internalIP, address: "10.0.0.5"),
            ]
        )
        #expect(node.status.nodeInfo.osImage == "Debian GNU/Linux 12 (bookworm)")
        #expect(node.status.nodeInfo.architecture == "amd64")
        #expect(node.status.nodeInfo.operatingSystem == "linux")
        #expect(node.status.nodeInfo.kubeletVersion == "v1.32.0-skiff")
        #expect(result.gpus == Self.gpus)
        #expect(result.advertisesGPUs)
    }

    @Test func gpusNotAllowedAreNotAdvertisedAndTheConditionSaysWhy() throws {
        let discovery = LocalNodeDiscovery(
            configuration: LocalNodeConfiguration(
                nodeName: "local",
                advertiseGPUs: false,
                gpuAdvertisingSource: "the extension's installNvidiaDevicePlugin setting"
            )
        )
        let result = discovery.node(host: Self.host, gpus: Self.gpus)
        #expect(result.node.metadata.name == "local")
        #expect(result.node.metadata.labels["kubernetes.io/hostname"] == "gpu-box")
        #expect(result.node.status.capacity[.nvidiaGPU] == nil)
        #expect(result.node.status.allocatable[.nvidiaGPU] == nil)
        #expect(!result.advertisesGPUs)
        #expect(result.gpus.count == 2)
        #expect(result.node.metadata.labels["nvidia.com/gpu.count"] == "2")
        let condition = try #require(result.node.status.conditions[type: .gpusAdvertised])
        #expect(condition.status == .false)
        #expect(condition.reason == "DevicePluginNotAllowed")
        #expect(
            condition.message
                == "2 NVIDIA GPU(s) found but not advertised as nvidia.com/gpu: the extension's "
                + "installNvidiaDevicePlugin setting does not allow it"
        )
    }

    @Test func noGPUsFoundSaysWhy() {
        let discovery = LocalNodeDiscovery(configuration: LocalNodeConfiguration(advertiseGPUs: true))
        let result = discovery.node(host: Self.host, gpus: [], gpuProblem: "nvidia-smi is not on PATH")
        #expect(result.node.status.capacity[.nvidiaGPU] == nil)
        #expect(result.node.metadata.labels.keys.allSatisfy { !$0.hasPrefix("nvidia.com/") })
        let condition = result.node.status.conditions[type: .gpusAdvertised]
        #expect(condition?.reason == "NoGPUsFound")
        #expect(condition?.message == "no NVIDIA GPU found: nvidia-smi is not on PATH")
    }

    @Test func reservedBeyondCapacityClampsAtZero() {
        let allocatable = LocalNodeDiscovery.allocatable(
            capacity: ["cpu": "2", "memory": "1Gi"],
            reserved: ["cpu": "3", "ephemeral-storage": "1Gi"]
        )
        #expect(allocatable == ["cpu": "0", "memory": "1Gi"])
    }

    @Test func discoversAFakeMachineWithAFakeNvidiaSMI() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let paths = try FakeHost.make(in: dir, cpus: 4, memTotalKiB: 8_000_000)
        try dir.write("bin/nvidia-smi", GPUProbeTests.twoGPUs, executable: true)
        let discovery = LocalNodeDiscovery(
            configuration: LocalNodeConfiguration(
                advertiseGPUs: true,
                gpuSearchPath: dir.child("bin"),
                gpuProbeTimeout: GPUProbeTests.generous,
                ephemeralStoragePath: dir.path,
                hostPaths: paths
            )
        )
        let result = await discovery.discover()
        #expect(result.node.metadata.name == "build-host-7")
        #expect(result.node.status.capacity[.cpu] == 4)
        #expect(result.node.status.capacity[.memory] == Quantity(8_192_000_000, format: .binarySI))
        #expect(result.node.status.capacity[.nvidiaGPU] == 2)
        #expect((result.node.status.capacity[.ephemeralStorage]?.sign ?? 0) > 0)
        #expect(result.gpus.map(\.index) == [0, 1])
        #expect(result.gpuProblem == nil)
        #expect(result.node.status.nodeInfo.machineID == "0123456789abcdef0123456789abcdef")
    }

    @Test func discoversNoGPUsWhenNvidiaSMIIsMissingAndSaysSoOnce() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let logs = CapturedLogs()
        let discovery = LocalNodeDiscovery(
            configuration: LocalNodeConfiguration(
                advertiseGPUs: true,
                gpuSearchPath: dir.path,
                hostPaths: try FakeHost.make(in: dir)
            ),
            logger: logs.logger
        )
        let first = await discovery.discover()
        let second = await discovery.discover()
        for result in [first, second] {
            #expect(result.gpus.isEmpty)
            #expect(result.gpuProblem == "nvidia-smi is not on PATH")
            #expect(result.node.status.isReady)
        }
        #expect(logs.all.map(\.message) == ["GPU discovery: nvidia-smi is not on PATH; 0 GPU(s) usable"])
        #expect(logs.all.first?.level == .notice)
    }

    @Test func mergingKeepsTheStoredSpecAndTransitionTimes() {
        let discovery = LocalNodeDiscovery(configuration: LocalNodeConfiguration(advertiseGPUs: true))
        let first = discovery.node(host: Self.host, gpus: Self.gpus)
        var stored = first.merged(into: nil, now: Timestamp(seconds: 100))
        #expect(stored.status.conditions[type: .ready]?.lastTransitionTime == Timestamp(seconds: 100))
        stored.spec.unschedulable = true
        stored.metadata.labels["added-by-user"] = "yes"

        let refreshed = discovery.node(host: Self.host, gpus: []).merged(into: stored, now: Timestamp(seconds: 200))
        #expect(refreshed.spec.unschedulable)
        #expect(refreshed.metadata.labels["added-by-user"] == "yes")
        #expect(refreshed.metadata.labels["nvidia.com/gpu.count"] == nil)
        #expect(refreshed.status.capacity[.nvidiaGPU] == nil)
        let ready = refreshed.status.conditions[type: .ready]
        #expect(ready?.lastTransitionTime == Timestamp(seconds: 100))
        #expect(ready?.lastHeartbeatTime == Timestamp(seconds: 200))
        let gpu = refreshed.status.conditions[type: .gpusAdvertised]
        #expect(gpu?.status == .false)
        #expect(gpu?.lastTransitionTime == Timestamp(seconds: 200))
    }
}
