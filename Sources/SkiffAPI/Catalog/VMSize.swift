/// One Azure VM size as Azure ML's compute clusters use it: how many vCPUs, how much memory, how many GPUs of
/// which model, and the quota family whose core limit it counts against.
public struct VMSize: Sendable, Hashable {
    /// The canonical name (`Standard_NC6s_v3`).
    public let name: String
    /// Virtual CPUs (cores a node offers).
    public let vcpus: Int
    /// Memory in GiB exactly as the catalog gives it (`"3.5"`).
    public let memoryGiB: String
    /// Memory as a quantity (`3.5` GiB is `3584Mi`).
    public let memory: Quantity
    /// Whole GPUs (0 for CPU sizes).
    public let gpus: Int
    /// The GPU model (`NVIDIA V100 16GB`); nil for sizes without GPUs.
    public let gpuModel: String?
    /// The quota family as the catalog spells it (`standardNCSv3Family`).
    public let family: String

    public init(name: String, vcpus: Int, memoryGiB: String, gpus: Int, gpuModel: String?, family: String) {
        self.name = name
        self.vcpus = vcpus
        self.memoryGiB = memoryGiB
        self.memory = Quantity.parse(memoryGiB + "Gi") ?? .zero
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.family = family
    }

    /// What a node of this size offers: `cpu`, `memory`, and `nvidia.com/gpu` when it has GPUs.
    public var capacity: ResourceList {
        var list: ResourceList = [.cpu: Quantity(Int64(vcpus)), .memory: memory]
        if gpus > 0 { list[.nvidiaGPU] = Quantity(Int64(gpus)) }
        return list
    }

    /// The family lowercased and without whitespace, the form in which family names from different Azure APIs
    /// compare equal (`Standard NCASv3_T4 Family` and `StandardNCASv3_T4Family`).
    public var normalizedFamily: String { VMSizeCatalog.normalizedFamily(family) }
}
