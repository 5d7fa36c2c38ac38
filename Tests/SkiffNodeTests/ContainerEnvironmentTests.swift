import SkiffNode
import Testing

struct ContainerEnvironmentTests {
    @Test func layersBaseEnvExtraAndDevicesInOrder() {
        var container = Container(name: "c", resources: ResourceRequirements(limits: ["nvidia.com/gpu": "1"]))
        container.env = [
            EnvVar(name: "PATH", value: "/opt/bin:$(PATH)"),
            EnvVar(name: "A", value: "1"),
            EnvVar(name: "B", value: "$(A)-$(MISSING)"),
            EnvVar(name: "CUDA_VISIBLE_DEVICES", value: "0,1,2,3"),
        ]
        let variables = ContainerEnvironment.variables(
            base: [("PATH", "/usr/bin"), ("HOME", "/w")],
            container: container,
            extra: [EnvVar(name: "A", value: "override"), EnvVar(name: "WORLD_SIZE", value: "2")],
            gpuDevices: ["2"]
        )
        #expect(
            variables.map(\.name) == [
                "PATH", "HOME", "A", "B", "CUDA_VISIBLE_DEVICES", "WORLD_SIZE", "NVIDIA_VISIBLE_DEVICES",
                "CUDA_DEVICE_ORDER",
            ]
        )
        #expect(
            variables.map(\.value) == [
                "/opt/bin:/usr/bin", "/w", "override", "1-$(MISSING)", "2", "2", "2", "PCI_BUS_ID",
            ]
        )
    }

    @Test func aContainerWithoutDevicesSeesNone() {
        let variables = ContainerEnvironment.variables(
            base: [],
            container: Container(name: "c", env: [EnvVar(name: "NVIDIA_VISIBLE_DEVICES", value: "all")]),
            extra: [],
            gpuDevices: []
        )
        #expect(variables.map(\.name) == ["NVIDIA_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES"])
        #expect(variables.map(\.value) == ["void", ""])
    }

    @Test func handsThePodsDevicesToTheContainersThatAskForThem() {
        func gpu(_ name: String, _ count: Quantity) -> Container {
            Container(name: name, resources: ResourceRequirements(limits: ["nvidia.com/gpu": count]))
        }
        let spec = PodSpec(
            initContainers: [gpu("init", 1), Container(name: "plain-init")],
            containers: [gpu("a", 2), Container(name: "none"), gpu("b", 1), gpu("short", 1)]
        )
        let assignment = ContainerEnvironment.gpuAssignments(["4", "5", "6"], spec: spec)
        #expect(assignment.initContainers == [["4"], []])
        #expect(assignment.containers == [["4", "5"], [], ["6"], []])
    }
}
