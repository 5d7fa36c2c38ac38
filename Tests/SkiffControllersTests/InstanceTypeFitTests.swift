import Foundation
import Testing

@testable import SkiffControllers

/// Each instance type says which nodes it fits now, or why none ever could.
struct InstanceTypeFitTests {
    static func fits(_ h: JobHarness, _ name: String) throws -> Condition? {
        _ = try InstanceTypeReconciler(store: h.store, clock: h.clock)
            .reconcile(ObjectKey(InstanceType.resource.groupKind, name: name))
        return h.store.get(InstanceType.self, name: name)?.status.conditions[type: "Fits"]
    }

    @Test func anInstanceTypeListsTheNodesItFitsOrTheShortfall() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.instanceType("gpu8", gpus: 8, selector: "{pool: gpu}"))
        #expect(try Self.fits(h, "gpu8")?.status == .unknown)
        try h.addNode("node-a", labels: ["pool": "gpu"], allocatable: [.cpu: "32", .memory: "128Gi", .nvidiaGPU: 4])
        try h.addNode("node-b", labels: ["pool": "cpu"], allocatable: [.cpu: "32", .memory: "128Gi", .nvidiaGPU: 16])
        var condition = try #require(try Self.fits(h, "gpu8"))
        #expect(condition.status == .false && condition.reason == "NoNodeFits")
        #expect(condition.message == "asks nvidia.com/gpu: 8; the largest matching node has 4")
        try h.addNode("node-c", labels: ["pool": "gpu"], allocatable: [.cpu: "32", .memory: "128Gi", .nvidiaGPU: 8])
        try h.addNode("node-d", labels: ["pool": "gpu"], allocatable: [.cpu: "64", .memory: "256Gi", .nvidiaGPU: 8])
        condition = try #require(try Self.fits(h, "gpu8"))
        #expect(condition.status == .true && condition.message == "fits node-c, node-d")
    }

    @Test func theExtensionsSelectorCountsAndMissingLabelsAreNamed() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.trainingExtension.replacingOccurrences(
            of: "enableTraining: \"True\"", with: "enableTraining: \"True\", nodeSelector.team: ml"))
        try h.apply(JobHarness.instanceType("small"))
        try h.addNode("node-a", labels: ["team": "web"], allocatable: [.cpu: "4", .memory: "8Gi"])
        let condition = try #require(try Self.fits(h, "small"))
        #expect(condition.status == .false && condition.message == "no node has the label team=ml")
    }

    @Test func nodeChangesReachInstanceTypesAndJobsThroughTheManager() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
        let manager = ControllerManager(store: store, clock: ManualClock(), workers: 1)
        try manager.start()
        defer { manager.stop() }
        try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        let decoded = ManifestDecoder.standard.decode(
            bytes: Array(
                (JobHarness.instanceType("gpu1", gpus: 1)
                    + "\n---\nname: j\ncommand: echo\nenvironment: {image: x}\nresources: {instance_type: gpu1}\n").utf8
            ),
            file: "t.yaml"
        )
        for item in decoded.objects { try store.create(item.object) }
        #expect(manager.waitUntilIdle(timeout: .seconds(30)))
        let capacity: ResourceList = [.cpu: "4", .memory: "8Gi", .nvidiaGPU: 1]
        try store.create(Node(metadata: ObjectMeta(name: "n1"), status: NodeStatus(capacity: capacity)))
        #expect(manager.waitUntilIdle(timeout: .seconds(30)))
        #expect(store.get(InstanceType.self, name: "gpu1")?.status.conditions[type: "Fits"]?.message == "fits n1")
        // A pod's change reaches its job.
        let pod = try #require(store.get(Pod.self, namespace: "default", name: "j-0"))
        var bound = pod
        bound.spec.nodeName = "n1"
        try store.update(bound)
        var running = try #require(store.get(Pod.self, namespace: "default", name: "j-0"))
        running.status.phase = .running
        try store.updateStatus(running)
        #expect(manager.waitUntilIdle(timeout: .seconds(30)))
        #expect(store.get(Job.self, namespace: "default", name: "j")?.status.phase == "Running")
    }

    @Test func podsInTheComputesNamespaceReachTheirJobThroughTheManager() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
        let manager = ControllerManager(store: store, clock: ManualClock(), workers: 1)
        try manager.start()
        defer { manager.stop() }
        let text = [
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: default}",
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: ml}",
            JobHarness.trainingExtension,
            "apiVersion: skiff.dev/v1alpha1\nkind: KubernetesCompute\nmetadata: {name: k8s}\nspec: {namespace: ml}",
            "name: j\ncommand: echo\nenvironment: {image: x}\ncompute: azureml:k8s",
        ].joined(separator: "\n---\n")
        for item in ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "t.yaml").objects {
            try store.create(item.object)
        }
        #expect(manager.waitUntilIdle(timeout: .seconds(30)))
        var pod = try #require(store.get(Pod.self, namespace: "ml", name: "j-0"))
        pod.status.phase = .succeeded
        try store.updateStatus(pod)
        #expect(manager.waitUntilIdle(timeout: .seconds(30)))
        #expect(store.get(Job.self, namespace: "default", name: "j")?.status.phase == "Completed")
    }
}
