import Foundation
import SkiffControllers
import SkiffScheduler
import Testing

extension ControlPlaneSuite {
    /// The scheduler as the daemon runs it: on a task of its own, its events recorded on the pods.
    struct SchedulingServiceTests {
        @Test func theSchedulerLoopPlacesPodsWithoutBeingAsked() async throws {
            let h = try await ControlPlaneHarness(
                options: ControlPlane.Options(runsScheduler: true),
                files: ["nodes.yaml": NodesDeclaredTests.node("node-a")]
            )
            #expect(h.plane.schedulerService.isLooping)
            try h.apply(NodesDeclaredTests.pod("p"))
            #expect(await eventually { h.pod("p")?.spec.nodeName == "node-a" })
            let scheduled = await eventually {
                ((try? h.store.list(Event.self, namespace: "default")) ?? []).contains {
                    $0.spec.reason == "Scheduled" && $0.spec.message == "Successfully assigned default/p to node-a"
                        && $0.spec.involvedObject.kind == "Pod" && $0.spec.involvedObject.uid == h.pod("p")?.metadata.uid
                }
            }
            #expect(scheduled)
            h.plane.stop()
            #expect(!h.plane.schedulerService.isLooping)
        }

        @Test func preemptionIsRecordedOnTheVictim() async throws {
            let h = try await ControlPlaneHarness(files: ["nodes.yaml": NodesDeclaredTests.node("node-a")])
            try h.apply(NodesDeclaredTests.pod("low", duration: nil, cpu: "3"))
            await h.settle()
            #expect(h.pod("low")?.spec.nodeName == "node-a")
            try h.apply(NodesDeclaredTests.pod("high", duration: nil, cpu: "3", extra: "priority: 1000"))
            await h.settle()
            #expect(h.pod("high")?.status.nominatedNodeName == "node-a")
            // The preemptor is retried after its backoff (1 s of the manual clock).
            await h.advance(by: .seconds(10))
            await h.settle()
            #expect(h.pod("low") == nil)
            #expect(h.pod("high")?.spec.nodeName == "node-a")
            let events = try h.store.list(Event.self, namespace: "default")
            #expect(events.contains { $0.spec.reason == "Preempted" && $0.spec.involvedObject.name == "low" })
        }

        @Test func theConfigurationChoosesTheScoringStrategy() {
            let packing = ControlPlane.Options.scheduler(.init(scoringStrategy: "MostAllocated", preemption: false))
            #expect(packing.scoringStrategy == .mostAllocated)
            #expect(packing.scoringResources.contains { $0.name == .nvidiaGPU })
            #expect(!packing.preemption)
            let spreading = ControlPlane.Options.scheduler(.init())
            #expect(spreading.scoringStrategy == .leastAllocated && spreading.preemption)
        }

        @Test func mostAllocatedPacksGPUPodsOntoOneNode() async throws {
            let h = try await ControlPlaneHarness(
                options: ControlPlane.Options(
                    schedulerConfiguration: ControlPlane.Options.scheduler(.init(scoringStrategy: "MostAllocated")),
                    runsScheduler: false
                ),
                files: ["nodes.yaml": NodesDeclaredTests.node("gpu-a", gpus: 4) + "---\n" + NodesDeclaredTests.node("gpu-b", gpus: 4)]
            )
            for index in 0..<3 {
                try h.apply(NodesDeclaredTests.pod("g\(index)", duration: nil, cpu: "500m", gpus: 1))
                await h.settle()
            }
            let nodes = Set((0..<3).compactMap { h.pod("g\($0)")?.spec.nodeName })
            #expect(nodes.count == 1)
        }
    }
}
