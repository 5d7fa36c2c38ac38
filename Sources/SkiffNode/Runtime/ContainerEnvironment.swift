/// The environment a container's process gets, and which GPUs each container of a pod sees.
public enum ContainerEnvironment {
    /// The variables, in order of first definition, later definitions replacing earlier values:
    /// `base`, then the container's `env` (each value's `$(VAR)` expanded from what precedes it, as Kubernetes
    /// does), then `extra`, then the GPU variables, which nothing overrides so that a pod never sees a device it
    /// was not given: `CUDA_VISIBLE_DEVICES` and `NVIDIA_VISIBLE_DEVICES` list the devices (`CUDA_DEVICE_ORDER` is
    /// `PCI_BUS_ID`, so that CUDA numbers devices as `nvidia-smi` does); without devices
    /// `NVIDIA_VISIBLE_DEVICES=void` and `CUDA_VISIBLE_DEVICES` is empty.
    public static func variables(
        base: [(String, String)],
        container: Container,
        extra: [EnvVar],
        gpuDevices: [String]
    ) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: String] = [:]
        func set(_ name: String, _ value: String) {
            if values.updateValue(value, forKey: name) == nil { order.append(name) }
        }
        for (name, value) in base { set(name, value) }
        for variable in container.env { set(variable.name, ContainerCommand.expand(variable.value, with: values)) }
        for variable in extra { set(variable.name, variable.value) }
        for (name, value) in gpuVariables(gpuDevices) { set(name, value) }
        return order.map { ($0, values[$0]!) }
    }

    /// The GPU variables for a container given `devices`.
    public static func gpuVariables(_ devices: [String]) -> [(String, String)] {
        if devices.isEmpty {
            return [("NVIDIA_VISIBLE_DEVICES", "void"), ("CUDA_VISIBLE_DEVICES", "")]
        }
        let list = devices.joined(separator: ",")
        return [("NVIDIA_VISIBLE_DEVICES", list), ("CUDA_VISIBLE_DEVICES", list), ("CUDA_DEVICE_ORDER", "PCI_BUS_ID")]
    }

    /// Hands a pod's devices to its containers as the kubelet's device manager does: containers take, in order,
    /// as many as their `nvidia.com/gpu` limit; each init container takes from the start of the pool, since init
    /// containers run before the others and their devices are reused.
    /// - Returns: the devices of each init container and of each container, in spec order.
    public static func gpuAssignments(
        _ devices: [String],
        spec: PodSpec
    ) -> (initContainers: [[String]], containers: [[String]]) {
        func count(_ container: Container) -> Int {
            Int(clamping: container.resources.limits[.nvidiaGPU]?.value ?? 0)
        }
        let initial = spec.initContainers.map { Array(devices.prefix(count($0))) }
        var next = 0
        var regular: [[String]] = []
        for container in spec.containers {
            let end = min(next + count(container), devices.count)
            regular.append(Array(devices[next..<end]))
            next = end
        }
        return (initial, regular)
    }
}
