import SkiffNode
import Testing

struct NodeLabelsTests {
    @Test func productNamesAsGFDWritesThem() {
        #expect(NodeLabels.gpuProductValue("NVIDIA A100-SXM4-80GB") == "NVIDIA-A100-SXM4-80GB")
        #expect(NodeLabels.gpuProductValue("Tesla V100-PCIE-16GB") == "Tesla-V100-PCIE-16GB")
        #expect(NodeLabels.gpuProductValue("NVIDIA GeForce RTX 4090") == "NVIDIA-GeForce-RTX-4090")
    }

    @Test func productValuesAreValidLabelValues() {
        let value = NodeLabels.gpuProductValue(" NVIDIA H100 (PCIe) 80GB/ä ")
        #expect(value == "NVIDIA-H100--PCIe--80GB")
        #expect(NameValidation.isValidLabelValue(value).isEmpty)
        let long = NodeLabels.gpuProductValue(String(repeating: "A ", count: 40))
        #expect(long.count <= 63)
        #expect(NameValidation.isValidLabelValue(long).isEmpty)
    }

    @Test func gpuLabelsComeFromTheFirstDevice() {
        let labels = NodeLabels.gpuLabels(for: [
            GPUDevice(index: 0, uuid: "GPU-a", name: "Tesla T4", memoryMiB: 15360),
            GPUDevice(index: 1, uuid: "GPU-b", name: "Tesla T4", memoryMiB: 15360),
        ])
        #expect(
            labels == [
                "nvidia.com/gpu.product": "Tesla-T4",
                "nvidia.com/gpu.count": "2",
                "nvidia.com/gpu.memory": "15360",
                "nvidia.com/gpu.replicas": "1",
            ]
        )
        #expect(NodeLabels.gpuLabels(for: []).isEmpty)
    }
}
