import Foundation
import SkiffAPI
import Testing

struct ResourceListTests {
    /// Kubernetes' `TestIsExtendedResourceName` (pkg/scheduler/util and pkg/apis/core/v1/helper) plus the
    /// well-known names.
    @Test(arguments: [
        ("pod.alpha.kubernetes.io/opaque-int-resource-foo", false), ("kubernetes.io/resource-foo", false),
        ("foo", false), ("a/b", true), ("requests.foobar", false), ("c/d/", false), ("", false),
        ("nvidia.com/gpu", true), ("example.com/gpu", true), ("custom-resource", false), ("hugepages-2Mi", false),
        ("cpu", false), ("memory", false), ("ephemeral-storage", false), ("Example.com/gpu", false),
    ])
    func extendedResourceNamesFollowKubernetes(_ name: String, _ extended: Bool) {
        #expect(ResourceName(name).isExtendedResource == extended)
    }

    @Test func wellKnownNames() {
        #expect(ResourceName.nvidiaGPU.rawValue == "nvidia.com/gpu")
        #expect(ResourceName.ephemeralStorage.rawValue == "ephemeral-storage")
        #expect(ResourceName.cpu.isNativeResource)
        #expect(!ResourceName.nvidiaGPU.isNativeResource)
        #expect(ResourceName.nvidiaGPU.requiresWholeNumber)
        #expect(ResourceName.pods.requiresWholeNumber)
        #expect(!ResourceName.cpu.requiresWholeNumber)
        #expect(ResourceName("hugepages-1Gi").isHugePages)
    }

    @Test func iteratesSortedByName() {
        let list: ResourceList = [.nvidiaGPU: 1, .memory: "1Gi", .cpu: "500m", .ephemeralStorage: "10Gi"]
        #expect(list.names == [.cpu, .ephemeralStorage, .memory, .nvidiaGPU])
        #expect(list.map(\.name.rawValue) == ["cpu", "ephemeral-storage", "memory", "nvidia.com/gpu"])
        #expect(list.description == "cpu: 500m, ephemeral-storage: 10Gi, memory: 1Gi, nvidia.com/gpu: 1")
        #expect(ResourceList(list.dictionary) == list)
    }

    @Test func subscriptReadsWritesAndRemoves() {
        var list = ResourceList()
        #expect(list.isEmpty)
        list[.memory] = "2Gi"
        list[.cpu] = "1"
        list[.cpu] = "2"
        #expect(list[.cpu] == 2)
        #expect(list.count == 2)
        #expect(list[.nvidiaGPU] == nil)
        #expect(list.quantity(for: .nvidiaGPU) == .zero)
        list[.memory] = nil
        #expect(list.names == [.cpu])
        list[.pods] = nil
        #expect(list.count == 1)
    }

    @Test func addsAndSubtractsPerResource() {
        let node: ResourceList = [.cpu: "4", .memory: "16Gi", .nvidiaGPU: 2]
        let pod: ResourceList = [.cpu: "1500m", .memory: "4Gi", .nvidiaGPU: 1]
        let requested = pod + pod
        #expect(requested == [.cpu: "3", .memory: "8Gi", .nvidiaGPU: 2])
        #expect(requested[.cpu]?.canonical == "3")
        let free = node - requested
        #expect(free == [.cpu: "1", .memory: "8Gi", .nvidiaGPU: 0])
        #expect(free[.cpu]?.canonical == "1")
        // A resource on one side only: kept by +, negated by - (quota Add/Subtract).
        let extra: ResourceList = [.ephemeralStorage: "1Gi"]
        #expect((node + extra)[.ephemeralStorage] == "1Gi")
        #expect((node - extra)[.ephemeralStorage] == "-1Gi")
        var running = ResourceList()
        running += pod
        running += pod
        running -= pod
        #expect(running == pod)
        #expect((pod - pod).isZero)
    }

    @Test func equalityComparesValuesNotText() {
        let a: ResourceList = [.cpu: "1", .memory: "1Gi"]
        let b: ResourceList = [.cpu: "1000m", .memory: "1024Mi"]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != [.cpu: "1"])
    }

    @Test func fitsComparesEveryRequestedResource() {
        let node: ResourceList = [.cpu: "4", .memory: "16Gi", .pods: 110]
        #expect(ResourceList([.cpu: "4", .memory: "16Gi"]).fits(in: node))
        #expect(ResourceList().fits(in: node))
        #expect(!ResourceList([.cpu: "4001m"]).fits(in: node))
        // A resource the node does not have counts as zero.
        #expect(!ResourceList([.nvidiaGPU: 1]).fits(in: node))
        #expect(ResourceList([.nvidiaGPU: 0]).fits(in: node))
        let insufficient = ResourceList([.cpu: "8", .memory: "1Gi", .nvidiaGPU: 1]).insufficientResources(in: node)
        #expect(insufficient == [.cpu, .nvidiaGPU])
    }

    @Test func maximumTakesTheLargerPerResource() {
        let containers: ResourceList = [.cpu: "1", .memory: "1Gi"]
        let initContainers: ResourceList = [.cpu: "2", .ephemeralStorage: "1Gi"]
        #expect(
            ResourceList.maximum(containers, initContainers) == [.cpu: "2", .memory: "1Gi", .ephemeralStorage: "1Gi"]
        )
    }

    @Test func codableUsesNameToQuantityMapping() throws {
        let list: ResourceList = [.cpu: "1.5", .nvidiaGPU: 2]
        let data = try JSONEncoder().encode(list)
        let object = try JSONDecoder().decode([String: String].self, from: data)
        #expect(object == ["cpu": "1500m", "nvidia.com/gpu": "2"])
        #expect(try JSONDecoder().decode(ResourceList.self, from: data) == list)
    }
}
