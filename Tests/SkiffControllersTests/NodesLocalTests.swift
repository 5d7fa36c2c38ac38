import Foundation
import SkiffControllers
import SkiffNode
import Testing

extension ControlPlaneSuite {
    /// The local node: discovered from the machine, with GPUs from a fake `nvidia-smi` on a temporary PATH.
    struct NodesLocalTests {
        static let twoGPUs = """
            #!/bin/sh
            echo "0, GPU-aaaa, NVIDIA A100-SXM4-80GB, 81920"
            echo "1, GPU-bbbb, NVIDIA A100-SXM4-80GB, 81920"

            """

        static let extensionWithPlugin = """
            apiVersion: skiff.dev/v1alpha1
            kind: Extension
            metadata: {name: azureml}
            spec:
              extensionType: microsoft.azureml.kubernetes
              configurationSettings: {enableTraining: "True", installNvidiaDevicePlugin: "True"}

            """

        /// A harness with a local node named `local-test` whose `nvidia-smi` is the fake one.
        static func harness(
            files: [String: String] = [:],
            devicePluginPresent: Bool = false,
            nvidiaSMI: String? = twoGPUs
        ) async throws -> ControlPlaneHarness {
            let bin = try TemporaryFolder("skiff-fake-bin")
            if let nvidiaSMI { try bin.write("nvidia-smi", nvidiaSMI, executable: true) }
            return try await ControlPlaneHarness(
                options: ControlPlane.Options(
                    localNode: LocalNodeConfiguration(
                        nodeName: "local-test",
                        labels: ["pool": "ml"],
                        systemReserved: [.cpu: Quantity(milli: 100)],
                        advertiseGPUs: devicePluginPresent,
                        gpuSearchPath: bin.path,
                        gpuProbeTimeout: .seconds(120)
                    ),
                    runsScheduler: false
                ),
                files: files
            )
        }

        @Test func gpusAreAdvertisedWhenTheExtensionInstallsTheDevicePlugin() async throws {
            let h = try await Self.harness(files: ["extension.yaml": Self.extensionWithPlugin])
            await h.settle()
            let node = try #require(h.node("local-test"))
            #expect(node.metadata.labels[NodeProvider.label] == NodeProvider.local)
            #expect(node.metadata.labels["pool"] == "ml")
            #expect(node.metadata.labels["nvidia.com/gpu.count"] == "2")
            #expect(node.metadata.labels["nvidia.com/gpu.product"] == "NVIDIA-A100-SXM4-80GB")
            #expect(node.metadata.labels["nvidia.com/gpu.memory"] == "81920")
            #expect(node.metadata.labels["kubernetes.io/os"] == "linux")
            #expect(node.status.capacity[.nvidiaGPU] == Quantity(2))
            #expect(node.status.allocatable[.nvidiaGPU] == Quantity(2))
            #expect(node.status.conditions[type: .ready]?.status == .true)
            #expect(node.status.conditions[type: .gpusAdvertised]?.status == .true)
            #expect(node.status.conditions[type: .limitsEnforced]?.status == .false)
            let cpus = try #require(node.status.capacity[.cpu])
            #expect(node.status.allocatable[.cpu] == cpus - Quantity(milli: 100))
        }

        @Test func withoutTheDevicePluginNoGPUIsAdvertisedAndTheConditionSaysWhy() async throws {
            let h = try await Self.harness()
            await h.settle()
            var node = try #require(h.node("local-test"))
            #expect(node.status.capacity[.nvidiaGPU] == nil)
            #expect(node.metadata.labels["nvidia.com/gpu.count"] == "2")
            let condition = try #require(node.status.conditions[type: .gpusAdvertised])
            #expect(condition.status == .false)
            #expect(condition.reason == "DevicePluginNotAllowed")
            #expect(condition.message.contains("no Azure ML extension is declared"))
            #expect(condition.message.contains("node.devicePluginPresent is false"))

            // The extension is declared without the plugin, then with it: the node follows at once.
            try h.apply(
                Self.extensionWithPlugin.replacingOccurrences(
                    of: "installNvidiaDevicePlugin: \"True\"",
                    with: "installNvidiaDevicePlugin: \"False\""
                )
            )
            await h.settle()
            node = try #require(h.node("local-test"))
            #expect(node.status.capacity[.nvidiaGPU] == nil)
            let message = node.status.conditions[type: .gpusAdvertised]?.message ?? ""
            #expect(message.contains("the extension \"azureml\" does not set"))
            try h.apply(Self.extensionWithPlugin)
            await h.settle()
            node = try #require(h.node("local-test"))
            #expect(node.status.capacity[.nvidiaGPU] == Quantity(2))
            #expect(node.status.conditions[type: .gpusAdvertised]?.status == .true)
        }

        @Test func theConfigurationSwitchAdvertisesGPUsWithoutTheExtension() async throws {
            let h = try await Self.harness(devicePluginPresent: true)
            await h.settle()
            #expect(h.node("local-test")?.status.allocatable[.nvidiaGPU] == Quantity(2))
        }

        @Test func aFailingNvidiaSMIMeansNoGPUs() async throws {
            let h = try await Self.harness(
                files: ["extension.yaml": Self.extensionWithPlugin],
                nvidiaSMI: "#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n"
            )
            await h.settle()
            let node = try #require(h.node("local-test"))
            #expect(node.status.capacity[.nvidiaGPU] == nil)
            #expect(node.metadata.labels["nvidia.com/gpu.count"] == nil)
            let condition = try #require(node.status.conditions[type: .gpusAdvertised])
            #expect(condition.reason == "NoGPUsFound")
            #expect(condition.message.contains("exited with status 9"))
        }

        @Test func theNodeIsDiscoveredAgainEveryRefreshInterval() async throws {
            let bin = try TemporaryFolder("skiff-fake-bin")
            defer { bin.remove() }
            try bin.write("nvidia-smi", Self.twoGPUs, executable: true)
            let h = try await ControlPlaneHarness(
                options: ControlPlane.Options(
                    localNode: LocalNodeConfiguration(
                        nodeName: "local-test",
                        advertiseGPUs: true,
                        gpuSearchPath: bin.path,
                        gpuProbeTimeout: .seconds(120)
                    ),
                    runsScheduler: false
                )
            )
            await h.settle()
            #expect(h.node("local-test")?.status.capacity[.nvidiaGPU] == Quantity(2))
            // A GPU goes away (say, fallen off the bus): the next refresh, a minute later, says so.
            try bin.write("nvidia-smi", "#!/bin/sh\necho '0, GPU-aaaa, NVIDIA A100-SXM4-80GB, 81920'\n", executable: true)
            await h.advance(by: .seconds(30))
            await h.settle()
            #expect(h.node("local-test")?.status.capacity[.nvidiaGPU] == Quantity(2))
            await h.advance(by: .seconds(31))
            await h.settle()
            #expect(h.node("local-test")?.status.capacity[.nvidiaGPU] == Quantity(1))
            #expect(h.node("local-test")?.metadata.labels["nvidia.com/gpu.count"] == "1")
        }

        @Test func aCordonOfTheLocalNodeSurvivesRefreshes() async throws {
            let h = try await Self.harness()
            await h.settle()
            var node = try #require(h.node("local-test"))
            node.spec.unschedulable = true
            _ = try h.store.update(node)
            await h.advance(by: .seconds(61))
            await h.settle()
            #expect(h.node("local-test")?.spec.unschedulable == true)
            #expect(h.node("local-test")?.metadata.labels[NodeProvider.label] == NodeProvider.local)
        }
    }
}
