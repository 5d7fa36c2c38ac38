import Foundation
import Testing

@testable import SkiffControllers

/// A job whose pods can never fit any node — nor a node its compute cluster could add — fails at once, naming the
/// shortfall; while no node exists it waits.
struct CapacityShortfallTests {
    static func gpuJob(_ name: String = "big", instanceType: String = "gpu2", extra: String = "") -> String {
        """
        name: \(name)
        command: python train.py
        environment: {image: python}
        resources: {instance_type: \(instanceType)}
        \(extra)
        """
    }

    @Test func aJobWaitsWhileNoNodeExistsAndFailsWhenTheLargestIsTooSmall() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.instanceType("gpu2", gpus: 2))
        try h.apply(Self.gpuJob())
        try h.reconcile("big")
        var job = try h.job("big")
        #expect(job.status.phase == "Queued")
        #expect(job.status.conditions[type: "Fits"]?.status == .unknown)
        #expect(h.pods(of: "big").count == 1)
        try h.addNode("node-a", allocatable: [.cpu: "8", .memory: "32Gi", .nvidiaGPU: 1])
        try h.addNode("node-b", allocatable: [.cpu: "8", .memory: "32Gi"])
        try h.reconcile("big")
        job = try h.job("big")
        #expect(job.status.phase == "Failed")
        #expect(job.status.message == "requests nvidia.com/gpu: 2; the largest node offers 1")
        #expect(job.status.conditions[type: "Failed"]?.reason == "Unschedulable")
        #expect(h.pods(of: "big").isEmpty)
        // A bigger node makes it runnable again: a new attempt.
        try h.addNode("node-c", allocatable: [.cpu: "8", .memory: "32Gi", .nvidiaGPU: 4])
        try h.reconcile("big")
        job = try h.job("big")
        #expect(job.status.phase == "Queued" && job.status.attempt == 2)
        #expect(job.status.conditions[type: "Fits"]?.message == "fits node-c")
        #expect(h.pods(of: "big").map(\.metadata.name) == ["big-0-r2"])
    }

    @Test func aJobFailsBeforeMakingPodsWhenNoNodeCouldHoldIt() throws {
        let h = try JobHarness()
        try h.addNode("node-a", labels: ["pool": "cpu"], allocatable: [.cpu: "4", .memory: "8Gi"])
        try h.apply(JobHarness.instanceType("huge", cpu: "16", memory: "64Gi"))
        try h.apply(Self.gpuJob(instanceType: "huge"))
        try h.reconcile("big")
        let job = try h.job("big")
        #expect(job.status.message == "requests cpu: 16; the largest node offers 4; requests memory: 64Gi; "
            + "the largest node offers 8Gi")
        #expect(h.pods(of: "big").isEmpty)
    }

    @Test func labelsNoNodeHasAreNamed() throws {
        let h = try JobHarness()
        try h.addNode("node-a", labels: ["pool": "cpu"], allocatable: [.cpu: "4", .memory: "8Gi"])
        try h.addNode("node-b", labels: ["gpu": "a100"], allocatable: [.cpu: "4", .memory: "8Gi"])
        try h.apply(JobHarness.instanceType("sel", selector: "{pool: ml, zone: a}"))
        try h.apply(Self.gpuJob(instanceType: "sel"))
        try h.reconcile("big")
        #expect(try h.job("big").status.message == "no node has the labels pool=ml, zone=a")
        try h.apply(JobHarness.instanceType("both", selector: "{pool: cpu, gpu: a100}"))
        try h.apply(Self.gpuJob("both", instanceType: "both"))
        try h.reconcile("both")
        #expect(try h.job("both").status.message == "no node has all of the labels gpu=a100, pool=cpu")
    }

    @Test func aComputeClusterWhoseVMCanNeverFitFailsWithoutNodes() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.instanceType("gpu2", gpus: 2))
        try h.apply(JobHarness.amlCompute("cpu-cluster", size: "Standard_DS3_v2"))
        try h.apply(Self.gpuJob(extra: "compute: azureml:cpu-cluster"))
        try h.reconcile("big")
        let job = try h.job("big")
        #expect(job.status.phase == "Failed")
        #expect(job.status.message == "requests nvidia.com/gpu: 2; the largest node offers 0")
    }

    @Test func aWaitingPodIsJudgedAgainWhenNodesChange() throws {
        let h = try JobHarness()
        try h.addNode("node-a", allocatable: [.cpu: "8", .memory: "32Gi", .nvidiaGPU: 2])
        try h.apply(JobHarness.instanceType("gpu2", gpus: 2))
        try h.apply(Self.gpuJob())
        try h.reconcile("big")
        #expect(try h.job("big").status.phase == "Queued")
        #expect(h.pods(of: "big").count == 1)
        try h.store.delete(ObjectKey(Node.resource.groupKind, name: "node-a"))
        try h.addNode("node-b", allocatable: [.cpu: "8", .memory: "32Gi"])
        try h.reconcile("big")
        let job = try h.job("big")
        #expect(job.status.phase == "Failed")
        #expect(job.status.message == "requests nvidia.com/gpu: 2; the largest node offers 0")
        #expect(h.pods(of: "big").isEmpty)
    }

    @Test func theAnalyzerNamesANodeCombinationShortfall() {
        let analyzer = ShortfallAnalyzer(wording: .job)
        func node(_ name: String, _ capacity: ResourceList) -> CapacityCandidate {
            CapacityCandidate(node: Node(metadata: ObjectMeta(name: name), status: NodeStatus(capacity: capacity)))
        }
        let a = node("a", [.cpu: "8", .memory: "4Gi"])
        let b = node("b", [.cpu: "2", .memory: "64Gi"])
        let verdict = analyzer.analyze(requests: [.cpu: "4", .memory: "16Gi"], nodeSelector: [:], candidates: [a, b])
        #expect(verdict == .never("requests cpu: 4, memory: 16Gi; no single matching node offers all of them at once"))
        #expect(analyzer.analyze(requests: [.cpu: "1"], nodeSelector: [:], candidates: [a, b]) == .fits(["a", "b"]))
        #expect(analyzer.analyze(requests: [.cpu: "1"], nodeSelector: [:], candidates: []) == .undecided)
    }
}

/// Node heartbeats do not wake every job; label and allocatable changes do.
struct CapacityChangeTests {
    @Test func onlyLabelAndAllocatableChangesOfNodesMatter() {
        let node = Node(metadata: ObjectMeta(name: "n"), status: NodeStatus(capacity: [.cpu: "4"]))
        var heartbeat = node
        heartbeat.status.conditions = [NodeCondition(type: .ready, status: .true)]
        #expect(!CapacityChange.matters(.modified(heartbeat, previous: node)))
        var relabelled = node
        relabelled.metadata.labels = ["pool": "gpu"]
        #expect(CapacityChange.matters(.modified(relabelled, previous: node)))
        var resized = node
        resized.status.allocatable = [.cpu: "2"]
        #expect(CapacityChange.matters(.modified(resized, previous: node)))
        #expect(CapacityChange.matters(.added(node)) && CapacityChange.matters(.deleted(node)))
    }
}
