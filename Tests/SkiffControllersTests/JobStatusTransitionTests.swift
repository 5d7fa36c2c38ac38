import Foundation
import Testing

@testable import SkiffControllers

/// The job's phase follows its pods: Queued → Starting → Running → Completed, Failed when a pod fails (the
/// others stopped), Failed on timeout, Canceling → Canceled on cancel.
struct JobStatusTransitionTests {
    static let twoInstances = """
        name: run
        command: python train.py
        environment: {image: python}
        limits: {timeout: 600}
        resources: {instance_count: 2}
        """

    @Test func phasesFollowThePods() throws {
        let h = try JobHarness()
        try h.apply(Self.twoInstances)
        try h.reconcile("run")
        #expect(try h.job("run").status.phase == "Queued")
        let pods = h.pods(of: "run")
        for pod in pods { try h.bind(pod) }
        try h.reconcile("run")
        var job = try h.job("run")
        #expect(job.status.phase == "Starting" && job.status.startTime == nil)
        try h.setPhase(pods[0], .running)
        try h.reconcile("run")
        #expect(try h.job("run").status.phase == "Starting")
        try h.setPhase(pods[1], .running)
        let result = try h.reconcile("run")
        job = try h.job("run")
        #expect(job.status.phase == "Running")
        #expect(job.status.startTime == h.clock.timestamp)
        #expect(job.status.pods == JobPodCounts(running: 2))
        #expect(result == .requeueAfter(.seconds(600)))
        h.clock.advance(by: .seconds(30))
        try h.setPhase(pods[0], .succeeded)
        try h.reconcile("run")
        #expect(try h.job("run").status.phase == "Running")
        try h.setPhase(pods[1], .succeeded)
        try h.reconcile("run")
        job = try h.job("run")
        #expect(job.status.phase == "Completed")
        #expect(job.status.endTime == h.clock.timestamp)
        #expect(job.status.pods == JobPodCounts(succeeded: 2))
        #expect(h.pods(of: "run").count == 2)
        // Finished: nothing more happens, nothing is written.
        let version = h.store.currentResourceVersion
        try h.reconcile("run")
        #expect(h.store.currentResourceVersion == version)
    }

    @Test func aFailedPodFailsTheJobAndStopsTheOthers() throws {
        let h = try JobHarness()
        try h.apply(Self.twoInstances)
        try h.reconcile("run")
        let pods = h.pods(of: "run")
        for pod in pods {
            try h.bind(pod)
            try h.setPhase(pod, .running)
        }
        try h.reconcile("run")
        try h.setPhase(pods[1], .failed, exitCode: 3, reason: "Error")
        try h.reconcile("run")
        let job = try h.job("run")
        #expect(job.status.phase == "Failed")
        #expect(job.status.message == "pod \"run-1\" failed: container proc-0 exited with code 3 (Error)")
        #expect(job.status.conditions[type: "Failed"]?.reason == "PodFailed")
        #expect(h.pods(of: "run").map(\.metadata.name) == ["run-1"])
        // A pod failure is final: pods are not made again.
        try h.reconcile("run")
        #expect(try h.job("run").status.phase == "Failed" && h.pods(of: "run").count == 1)
    }

    @Test func aJobRunningPastItsTimeoutFails() throws {
        let h = try JobHarness()
        try h.apply(Self.twoInstances)
        try h.reconcile("run")
        for pod in h.pods(of: "run") {
            try h.bind(pod)
            try h.setPhase(pod, .running)
        }
        #expect(try h.reconcile("run") == .requeueAfter(.seconds(600)))
        h.clock.advance(by: .seconds(400))
        #expect(try h.reconcile("run") == .requeueAfter(.seconds(200)))
        h.clock.advance(by: .seconds(200))
        try h.reconcile("run")
        let job = try h.job("run")
        #expect(job.status.phase == "Failed")
        #expect(job.status.conditions[type: "Failed"]?.reason == "Timeout")
        #expect(job.status.message == "the job ran longer than its limits.timeout of 600s")
        #expect(h.pods(of: "run").isEmpty)
    }

    @Test func cancelStopsThePodsAndEndsCanceled() throws {
        let h = try JobHarness()
        try h.apply(Self.twoInstances)
        try h.reconcile("run")
        let pods = h.pods(of: "run")
        // A finalizer keeps one pod terminating, as a node does while its process stops.
        var held = pods[0]
        held.metadata.finalizers = ["skiff.dev/test"]
        try h.store.update(held)
        try h.requestCancel("run")
        try h.reconcile("run")
        var job = try h.job("run")
        #expect(job.status.phase == "Canceling")
        #expect(h.pods(of: "run").map(\.metadata.name) == ["run-0"])
        held = try #require(h.store.get(held.key) as? Pod)
        held.metadata.finalizers = []
        try h.store.update(held)
        try h.reconcile("run")
        job = try h.job("run")
        #expect(job.status.phase == "Canceled" && job.status.endTime != nil)
        #expect(h.pods(of: "run").isEmpty)
    }

    @Test func theJobControllerLeavesASweepToTheSweepController() throws {
        let h = try JobHarness()
        try h.applyFixture("job-sweep-hello.yml")
        try h.reconcile("job-sweep-hello")
        let job = try h.job("job-sweep-hello")
        #expect(job.status == Job.Status())
        #expect(h.pods(of: "job-sweep-hello").isEmpty)
    }
}
