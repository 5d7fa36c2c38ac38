/// One NVIDIA GPU as `nvidia-smi` reports it.
public struct GPUDevice: Sendable, Hashable {
    /// The driver's index (`0`, `1`, …): what `CUDA_VISIBLE_DEVICES` and `NVIDIA_VISIBLE_DEVICES` name.
    public var index: Int
    /// `GPU-5f8e…`, stable across reboots.
    public var uuid: String
    /// The product name (`NVIDIA A100-SXM4-80GB`).
    public var name: String
    /// Total memory in MiB.
    public var memoryMiB: Int64

    /// A device with the given fields.
    public init(index: Int, uuid: String, name: String, memoryMiB: Int64) {
        self.index = index
        self.uuid = uuid
        self.name = name
        self.memoryMiB = memoryMiB
    }
}
