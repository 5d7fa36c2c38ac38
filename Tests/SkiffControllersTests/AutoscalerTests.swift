import Foundation
import SkiffControllers
import SkiffNode
import Testing

/// The AmlCompute controller as an autoscaler, walked through with the manual clock: the whole control plane runs
/// (job controller, scheduler, simulated pods), and time moves only when a test moves it.
extension ControlPlaneSuite {
    @Suite struct AutoscalerTests {
        static func cluster(
            _ name: String = "cpu-cluster",
            size: String = "Standard_DS3_v2",
            min: Int = 0,
            max: Int = 4,
            idle: Int = 120,
            tier: String = "dedicated"
        ) -> String {
            """
            $schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json
            name: \(name)
            type: amlcompute
            size: \(size)
            tier: \(tier)
            min_instances: \(min)
            max_instances: \(max)
            idle_time_before_scale_down: \(idle)
            """
        }

        static func job(
            _ name: String,
            compute: String = "cpu-cluster",
            instances: Int = 1,
            duration: String? = "10m",
            extra: String = ""
        ) -> String {
            """
            $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
            name: \(name)
            command: python train.py
            environment: {image: python:3.12}
            compute: azureml:\(compute)
            resources: {instance_count: \(instances)}
            \(duration.map { "tags: {skiff.dev/simulate-duration: \($0)}" } ?? "")
            \(extra)
            """
        }

        static func harness(_ settings: DaemonConfiguration.ComputeSettings = .init()) async throws
            -> ControlPlaneHarness
        {
            var options = ControlPlane.Options(runsScheduler: false)
            options.compute = settings
            return try await ControlPlaneHarness(options: options)
        }

        static func nodes(_ h: ControlPlaneHarness, of cluster: String = "cpu-cluster") -> [Node] {
            ((try? h.store.list(Node.self)) ?? []).filter { $0.metadata.labels["skiff.dev/compute"] == cluster }
                .sorted { $0.metadata.name < $1.metadata.name }
        }

        static func compute(_ h: ControlPlaneHarness, _ name: String = "cpu-cluster") throws -> AmlCompute {
            try #require(h.store.get(AmlCompute.self, name: name))
        }

        /// Settles, also past the scheduler's backoffs (a pod that found no node at all backs off, as
        /// kube-scheduler's `ErrNoNodesAvailable`), without running simulated pods to their end.
        static func settle(_ h: ControlPlaneHarness) async {
            await h.settle()
            for _ in 0..<3 {
                await h.advance(by: .seconds(10))
                await h.settle()
            }
        }

        static func events(_ h: ControlPlaneHarness, _ reason: String) -> [Event] {
            let all: [Event] = (try? h.store.list(Event.self)) ?? []
            return all.filter { $0.spec.reason == reason }
        }

        static func job(_ h: ControlPlaneHarness, _ name: String) throws -> Job {
            try #require(h.store.get(Job.self, namespace: "default", name: name))
        }

        @Test func aBurstOfJobsScalesTheClusterFromZeroAndItsNodesRunThem() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster())
            await h.settle()
            #expect(Self.nodes(h).isEmpty)
            #expect(try Self.compute(h).status.allocationState == .steady)
            for name in ["a", "b", "c"] { try h.apply(Self.job(name, duration: nil)) }
            #expect(await h.runUntilQuiescent())
            let nodes = Self.nodes(h)
            #expect(nodes.count == 3)
            for node in nodes {
                #expect(node.metadata.name.hasPrefix("cpu-cluster-"))
                #expect(node.metadata.labels["node.kubernetes.io/instance-type"] == "Standard_DS3_v2")
                #expect(node.metadata.labels["skiff.dev/tier"] == "dedicated")
                #expect(node.status.allocatable[.cpu] == 4)
                #expect(node.status.conditions[type: .ready]?.status == .true)
                #expect(node.spec.taints.isEmpty)
            }
            for name in ["a", "b", "c"] {
                #expect(try Self.job(h, name).status.phase == "Running", "\(String(describing: h.pod("\(name)-0")?.status))")
                let pod = try #require(h.pod("\(name)-0"))
                // One instance takes one whole node.
                #expect(pod.effectiveRequests[.cpu] == 4)
            }
            // Each pod on its own node.
            #expect(Set(["a", "b", "c"].compactMap { h.pod("\($0)-0")?.spec.nodeName }).count == 3)
            let status = try Self.compute(h).status
            #expect(status.currentNodeCount == 3)
            #expect(status.targetNodeCount == 3)
            #expect(status.nodeStateCounts.runningNodeCount == 3)
            #expect(status.allocationState == .steady)
            let events = Self.events(h, "TriggeredScaleUp")
            #expect(!events.isEmpty)
        }

        @Test func idleNodesGoAfterTheIdleTimeButMinInstancesStay() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster(min: 1, max: 4, idle: 120))
            await h.settle()
            #expect(Self.nodes(h).count == 1)
            for name in ["a", "b", "c"] { try h.apply(Self.job(name)) }
            await Self.settle(h)
            // The min node took one job; two more were added.
            #expect(Self.nodes(h).count == 3)
            #expect(await h.runUntilQuiescent())
            for name in ["a", "b", "c"] { #expect(try Self.job(h, name).status.phase == "Completed") }
            #expect(try Self.compute(h).status.nodeStateCounts.idleNodeCount == 3)
            await h.advance(by: .seconds(60))
            await h.settle()
            #expect(Self.nodes(h).count == 3, "not idle long enough yet")
            await h.advance(by: .seconds(60))
            await h.settle()
            #expect(Self.nodes(h).count == 1)
            let status = try Self.compute(h).status
            #expect(status.currentNodeCount == 1)
            #expect(status.targetNodeCount == 1)
            #expect(status.allocationState == .steady)
        }

        @Test func theFamilysVCPUQuotaCapsTheScaleUp() async throws {
            let h = try await Self.harness(.init(quotas: ["standardDSv2Family": 8]))
            try h.apply(Self.cluster(max: 4))
            for name in ["a", "b", "c"] { try h.apply(Self.job(name, duration: nil)) }
            #expect(await h.runUntilQuiescent())
            #expect(Self.nodes(h).count == 2)
            // Submitted together, the three jobs race for the two nodes: one of them waits.
            let waiting = ["a", "b", "c"].compactMap { h.pod("\($0)-0") }.filter { $0.spec.nodeName.isEmpty }
            #expect(waiting.count == 1)
            let message = waiting.first?.status.conditions[type: .podScheduled]?.message ?? ""
            #expect(message.contains("pod didn't trigger scale-up: quota exhausted"), "\(message)")
            let status = try Self.compute(h).status
            #expect(status.errors.map(\.code) == ["QuotaExceeded"])
            let phases = try ["a", "b", "c"].map { try Self.job(h, $0).status.phase }.sorted()
            #expect(phases == ["Queued", "Running", "Running"])
        }

        @Test func atMaxInstancesJobsWaitInOrderAndRunAsNodesFree() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster(max: 2))
            // Submitted one after another, as a user would.
            for name in ["a", "b", "c"] {
                try h.apply(Self.job(name))
                await Self.settle(h)
            }
            await Self.settle(h)
            #expect(Self.nodes(h).count == 2)
            #expect(try Self.job(h, "a").status.phase == "Running")
            #expect(try Self.job(h, "b").status.phase == "Running")
            #expect(try Self.job(h, "c").status.phase == "Queued")
            let message = h.pod("c-0")?.status.conditions[type: .podScheduled]?.message ?? ""
            #expect(message.contains("pod didn't trigger scale-up: max instances reached (cpu-cluster: 2)"), "\(message)")
            await h.advance(by: .seconds(600))
            await Self.settle(h)
            #expect(try Self.job(h, "c").status.phase == "Running")
            #expect(Self.nodes(h).count == 2)
        }

        @Test func aGPURequestOnACPUSizeIsRefusedAtOnce() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster(max: 2))
            try h.apply(
                """
                apiVersion: amlarc.azureml.com/v1alpha1
                kind: InstanceType
                metadata: {name: gpu1}
                spec:
                  resources: {limits: {cpu: "1", memory: 4Gi, nvidia.com/gpu: 1}}
                """
            )
            try h.apply(Self.job("gpu", extra: "").replacingOccurrences(
                of: "resources: {instance_count: 1}", with: "resources: {instance_count: 1, instance_type: gpu1}"))
            try h.apply(Self.job("wide", instances: 3))
            try h.apply(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: plain, namespace: default}
                spec:
                  nodeSelector: {skiff.dev/compute: cpu-cluster}
                  containers:
                    - name: main
                      image: busybox
                      resources: {limits: {nvidia.com/gpu: 1}}
                """
            )
            await h.settle()
            let gpu = try Self.job(h, "gpu")
            #expect(gpu.status.phase == "Failed")
            #expect(gpu.status.message.contains("nvidia.com/gpu"), "\(gpu.status.message)")
            let wide = try Self.job(h, "wide")
            #expect(wide.status.phase == "Failed")
            #expect(wide.status.message.contains("max_instances 2"), "\(wide.status.message)")
            let plain = try #require(h.pod("plain"))
            let message = plain.status.conditions[type: .podScheduled]?.message ?? ""
            #expect(
                message.hasSuffix("pod didn't trigger scale-up: cpu-cluster (Standard_DS3_v2) has no nvidia.com/gpu"),
                "\(message)"
            )
            #expect(message.hasPrefix("no nodes available to schedule pods"), "\(message)")
            #expect(Self.nodes(h).isEmpty)
            let events = Self.events(h, "NotTriggerScaleUp")
            #expect(events.filter { $0.spec.involvedObject.kind == "Pod" }.count == 1)
            #expect(events.filter { $0.spec.involvedObject.kind == "AmlCompute" }.map(\.spec.message) == [
                "pod default/plain didn't trigger scale-up: cpu-cluster (Standard_DS3_v2) has no nvidia.com/gpu"
            ])
        }

        @Test func liveEditsResizeTheCluster() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster(min: 0, max: 4))
            await h.settle()
            #expect(Self.nodes(h).isEmpty)
            // Raising min_instances adds nodes at once.
            try h.apply(Self.cluster(min: 2, max: 4))
            await h.settle()
            #expect(Self.nodes(h).count == 2)
            // A new size replaces the idle nodes.
            try h.apply(Self.cluster(size: "Standard_DS4_v2", min: 2, max: 4))
            await h.settle()
            let resized = Self.nodes(h)
            #expect(resized.count == 2)
            #expect(resized.allSatisfy { $0.metadata.labels["node.kubernetes.io/instance-type"] == "Standard_DS4_v2" })
            #expect(resized.allSatisfy { $0.status.allocatable[.cpu] == 8 })
            // A job keeps its node when max_instances drops; idle nodes above it go.
            try h.apply(Self.job("a", duration: nil))
            #expect(await h.runUntilQuiescent())
            #expect(try Self.job(h, "a").status.phase == "Running")
            try h.apply(Self.cluster(size: "Standard_DS4_v2", min: 0, max: 1))
            #expect(await h.runUntilQuiescent())
            let left = Self.nodes(h)
            #expect(left.count == 1)
            #expect(left.first?.metadata.name == h.pod("a-0")?.spec.nodeName)
            #expect(try Self.job(h, "a").status.phase == "Running")
        }

        @Test func aNewNodeIsPreparingForTheProvisioningDelay() async throws {
            let h = try await Self.harness(.init(provisioningDelaySeconds: 90))
            try h.apply(Self.cluster(max: 2))
            try h.apply(Self.job("a", duration: nil))
            await h.settle()
            let nodes = Self.nodes(h)
            #expect(nodes.count == 1)
            #expect(nodes.first?.status.conditions[type: .ready]?.status == .false)
            var status = try Self.compute(h).status
            #expect(status.nodeStateCounts.preparingNodeCount == 1)
            #expect(status.allocationState == .resizing)
            #expect(try Self.job(h, "a").status.phase == "Queued")
            // No second node for the same pod while the first prepares.
            await h.advance(by: .seconds(30))
            await h.settle()
            #expect(Self.nodes(h).count == 1)
            await h.advance(by: .seconds(60))
            #expect(await h.runUntilQuiescent())
            #expect(try Self.job(h, "a").status.phase == "Running")
            status = try Self.compute(h).status
            #expect(status.nodeStateCounts.runningNodeCount == 1)
            #expect(status.allocationState == .steady)
        }

        @Test func aPreemptedNodesGangRestartsWholeOnAReplacementNode() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster("lowpri", max: 3, tier: "low_priority"))
            try h.apply(Self.job("dist", compute: "lowpri", instances: 2, duration: nil))
            #expect(await h.runUntilQuiescent())
            #expect(try Self.job(h, "dist").status.phase == "Running")
            let first = Self.nodes(h, of: "lowpri")
            #expect(first.count == 2)
            #expect(first.allSatisfy { $0.metadata.labels["skiff.dev/tier"] == "low_priority" })
            let victim = try #require(h.pod("dist-0")?.spec.nodeName)
            let preempted = try h.plane.preempt(node: victim)
            #expect(preempted == ["default/dist-0"])
            let failed = try #require(h.pod("dist-0"))
            #expect(failed.status.phase == .failed)
            #expect(failed.status.reason == "Preempted")
            #expect(await h.runUntilQuiescent())
            let job = try Self.job(h, "dist")
            #expect(job.status.phase == "Running", "\(job.status.message)")
            #expect(job.status.attempt == 2)
            #expect(job.status.conditions[type: "Restarted"]?.message == "restarted after preemption: 1 of 3 retries used")
            // The gang restarted whole: both pods of the second attempt run, the survivor of the first was stopped.
            #expect(h.pod("dist-0-r2")?.status.phase == .running)
            #expect(h.pod("dist-1-r2")?.status.phase == .running)
            #expect(h.pod("dist-1").map { $0.status.phase?.isTerminal == true || $0.metadata.deletionTimestamp != nil } ?? true)
            // The preempted node is gone and the cluster replaced it.
            let nodes = Self.nodes(h, of: "lowpri")
            #expect(!nodes.contains { $0.metadata.name == victim })
            #expect(nodes.count == 2)
            #expect(throws: ControlPlane.PreemptionError.self) { try h.plane.preempt(node: "nowhere") }
        }

        @Test func aDedicatedNodeCannotBePreemptedAndTheBudgetRunsOut() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster(min: 1, max: 1))
            await h.settle()
            let node = try #require(Self.nodes(h).first)
            #expect(throws: ControlPlane.PreemptionError.self) { try h.plane.preempt(node: node.metadata.name) }
            try h.apply(Self.cluster("lowpri", max: 1, tier: "low_priority"))
            try h.apply(
                Self.job("once", compute: "lowpri", duration: nil)
                    .replacingOccurrences(of: "name: once", with: "name: once\ntags: {}")
            )
            #expect(await h.runUntilQuiescent())
            for attempt in 1...4 {
                let name = attempt == 1 ? "once-0" : "once-0-r\(attempt)"
                let pod = try #require(h.pod(name), "attempt \(attempt)")
                try h.plane.preempt(node: pod.spec.nodeName)
                #expect(await h.runUntilQuiescent())
            }
            let job = try Self.job(h, "once")
            #expect(job.status.phase == "Failed")
            #expect(job.status.conditions[type: "Restarted"]?.reason == "RetryBudgetExhausted")
            #expect(job.status.message.contains("Preempted"), "\(job.status.message)")
        }

        @Test func aRandomPreemptionRateTakesLowPriorityNodesBack() async throws {
            // 3600 per node-hour: a node lasts about a second.
            let h = try await Self.harness(.init(preemptionRate: 3600))
            try h.apply(Self.cluster("lowpri", min: 1, max: 1, tier: "low_priority"))
            await h.settle()
            let first = try #require(Self.nodes(h, of: "lowpri").first)
            #expect(first.metadata.annotations["skiff.dev/preempt-at"] != nil)
            await h.advance(by: .seconds(3600))
            await h.settle()
            let now = Self.nodes(h, of: "lowpri")
            #expect(now.count == 1)
            #expect(now.first?.metadata.name != first.metadata.name)
            #expect((try Self.compute(h, "lowpri").status.scaleHistory.count) >= 2)
            // Dedicated nodes are never preempted.
            try h.apply(Self.cluster(min: 1, max: 1))
            await h.settle()
            let dedicated = try #require(Self.nodes(h).first)
            #expect(dedicated.metadata.annotations["skiff.dev/preempt-at"] == nil)
        }

        @Test func theStatusListsNodesAndTheScaleHistory() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster(min: 1, max: 2, idle: 60))
            try h.apply(Self.job("a", duration: "1m"))
            try h.apply(Self.job("b", duration: "1m"))
            #expect(await h.runUntilQuiescent())
            await h.advance(by: .seconds(60))
            await h.settle()
            let status = try Self.compute(h).status
            #expect(status.nodes.count == 1)
            #expect(status.nodes.first?.state == "idle")
            let steps = status.scaleHistory.map { "\($0.from)->\($0.to)" }
            let pods = ((try? h.store.list(Pod.self)) ?? []).map { "\($0.metadata.name) on \($0.spec.nodeName)" }
            // Usually exactly 0->1 (min), 1->2 (the second job), 2->1 (idle); under load a pod may wait for the busy
            // node while a new one is added for it (see the report), which adds a step up and down.
            #expect(steps.first == "0->1" && steps.contains("1->2") && steps.last == "2->1",
                    "\(status.scaleHistory) \(pods)")
            let text = Describer.describe(try Self.compute(h), events: [], now: h.clock.timestamp)
            #expect(text.contains("Scale History"), "\(text)")
        }

        @Test func podsWaitingForPreparingNodesGetOneEach() async throws {
            let h = try await Self.harness(.init(provisioningDelaySeconds: 90))
            try h.apply(Self.cluster(max: 3))
            try h.apply(Self.job("a", duration: nil))
            try h.apply(Self.job("b", duration: nil))
            await Self.settle(h)
            #expect(Self.nodes(h).count == 2)
            await h.advance(by: .seconds(90))
            await Self.settle(h)
            #expect(try Self.job(h, "a").status.phase == "Running")
            #expect(try Self.job(h, "b").status.phase == "Running", "\(String(describing: h.pod("b-0")?.status.conditions))")
            #expect(Self.nodes(h).count == 2)
        }

        @Test func deletingTheClusterRemovesItsNodes() async throws {
            let h = try await Self.harness()
            try h.apply(Self.cluster(min: 2, max: 2))
            await h.settle()
            #expect(Self.nodes(h).count == 2)
            _ = try h.store.delete(ObjectKey(AmlCompute.resource.groupKind, name: "cpu-cluster"))
            await h.settle()
            #expect(Self.nodes(h).isEmpty)
        }
    }
}
