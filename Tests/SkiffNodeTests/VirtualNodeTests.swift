import SkiffNode
import Testing

struct VirtualNodeTests {
    @Test func reportsTheDeclaredCapacityAndIsReady() {
        let node = Node(
            metadata: ObjectMeta(name: "gpu-a", labels: ["kubernetes.io/arch": "arm64"]),
            spec: NodeSpec(declaredCapacity: ["cpu": "8", "nvidia.com/gpu": "4"], declaredAllocatable: ["cpu": "7"])
        )
        let status = VirtualNode.observedStatus(of: node)
        #expect(status.capacity == ["cpu": "8", "nvidia.com/gpu": "4", "pods": "110"])
        #expect(status.allocatable == ["cpu": "7", "pods": "110"])
        #expect(status.isReady)
        #expect(status.nodeInfo.architecture == "arm64")
        #expect(status.nodeInfo.operatingSystem == "linux")
    }

    @Test func keepsADeclaredPodsCapacity() {
        let node = Node(metadata: ObjectMeta(name: "small"), spec: NodeSpec(declaredCapacity: ["pods": "4"]))
        #expect(VirtualNode.observedStatus(of: node).allocatable[.pods] == 4)
    }
}
