/// The node labels Kubernetes and NVIDIA's GPU feature discovery (GFD) set, and how their values are formed.
public enum NodeLabels {
    /// `kubernetes.io/hostname`.
    public static let hostname = "kubernetes.io/hostname"
    /// `kubernetes.io/os`.
    public static let os = "kubernetes.io/os"
    /// `kubernetes.io/arch`.
    public static let arch = "kubernetes.io/arch"
    /// `beta.kubernetes.io/os`, which the kubelet still sets.
    public static let betaOS = "beta.kubernetes.io/os"
    /// `beta.kubernetes.io/arch`, which the kubelet still sets.
    public static let betaArch = "beta.kubernetes.io/arch"
    /// GFD's product name of the node's GPUs (`NVIDIA-A100-SXM4-80GB`).
    public static let gpuProduct = "nvidia.com/gpu.product"
    /// GFD's number of GPUs.
    public static let gpuCount = "nvidia.com/gpu.count"
    /// GFD's memory of one GPU, in MiB.
    public static let gpuMemory = "nvidia.com/gpu.memory"
    /// GFD's replicas per GPU (1 without time-slicing).
    public static let gpuReplicas = "nvidia.com/gpu.replicas"

    /// The GPU labels discovery manages, removed when the GPUs are gone.
    public static let gpuLabelKeys = [gpuProduct, gpuCount, gpuMemory, gpuReplicas]

    /// The GFD product label value for a GPU name: spaces become `-` as GFD makes them. GFD stops there; since the
    /// API rejects a label value with other characters, anything outside `[A-Za-z0-9._-]` also becomes `-`, the
    /// value is cut at 63 characters and trimmed to start and end with a letter or digit.
    public static func gpuProductValue(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let allowed =
                scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_"
                    || scalar == "-")
            scalars.append(allowed ? scalar : "-")
        }
        var value = String(String(scalars).prefix(63))
        while let last = value.last, !(last.isLetter || last.isNumber) { value.removeLast() }
        while let first = value.first, !(first.isLetter || first.isNumber) { value.removeFirst() }
        return value
    }

    /// The labels GFD puts on a node with these GPUs (none without GPUs). Like GFD, the product and memory come
    /// from the first device.
    public static func gpuLabels(for devices: [GPUDevice]) -> [String: String] {
        guard let first = devices.first else { return [:] }
        var labels = [
            gpuCount: String(devices.count),
            gpuReplicas: "1",
        ]
        let product = gpuProductValue(first.name)
        if !product.isEmpty { labels[gpuProduct] = product }
        if first.memoryMiB > 0 { labels[gpuMemory] = String(first.memoryMiB) }
        return labels
    }
}
