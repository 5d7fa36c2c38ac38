import Foundation
import SkiffControllers
import SkiffNode
import Testing

extension ControlPlaneSuite {
    /// Declared nodes (`kind: Node` manifests) and pods scheduled onto them, with the simulated lifecycle.
    struct NodesDeclaredTests {
        static func node(_ name: String, labels: String = "{}", gpus: Int = 0, cordoned: Bool = false) -> String {
            """
            apiVersion: v1
            kind: Node
            metadata:
              name: \(name)
              labels: \(labels)
            spec:
              unschedulable: \(cordoned)
            status:
              capacity: {cpu: "4", memory: 8Gi, pods: "10"\(gpus > 0 ? ", nvidia.com/gpu: \"\(gpus)\"" : "")}

            """
        }

        static func pod(
            _ name: String,
            duration: String? = "30s",
            cpu: String = "1",
            gpus: Int = 0,
            nodeSelector: String = "{}",
            extra: String = ""
        ) -> String {
            let annotations = duration.map { "{skiff.dev/simulate-duration: \($0)}" } ?? "{}"
            let gpu = gpus > 0 ? ", nvidia.com/gpu: \"\(gpus)\"" : ""
            return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: \(name)
                  namespace: default
                  annotations: \(annotations)
                spec:
                  nodeSelector: \(nodeSelector)
                  \(extra)
                  containers:
                  - name: main
                    image: busybox
                    command: ["sh", "-c", "true"]
                    resources: {limits: {cpu: "\(cpu)", memory: 1Gi\(gpu)}}

                """
        }

        @Test func podsFromTheFolderAreScheduledRunAndSucceedOnDeclaredNodes() async throws {
            let h = try await ControlPlaneHarness(files: [
                "nodes.yaml": Self.node("node-a", labels: "{pool: cpu}"),
                "pod.yaml": Self.pod("train"),
            ])
            await h.settle()
            let node = try #require(h.node("node-a"))
            #expect(node.metadata.labels[NodeProvider.label] == NodeProvider.declared)
            #expect(node.status.conditions[type: .ready]?.status == .true)
            #expect(node.status.capacity[.cpu] == Quantity(4))
            #expect(node.status.allocatable[.pods] == Quantity(10))

            var pod = try #require(h.pod("train"))
            #expect(pod.spec.nodeName == "node-a")
            #expect(pod.status.conditions[type: .podScheduled]?.status == .true)
            #expect(pod.metadata.finalizers.contains("skiff.dev/pod-runtime"))
            #expect(pod.status.phase == .pending)

            await h.advance(by: .zero)
            await h.settle()
            pod = try #require(h.pod("train"))
            #expect(pod.status.phase == .running)
            #expect(pod.status.conditions[type: .ready]?.status == .true)
            #expect(pod.status.conditions[type: .podScheduled]?.status == .true)

            await h.advance(by: .seconds(30))
            await h.settle()
            pod = try #require(h.pod("train"))
            #expect(pod.status.phase == .succeeded)
            let terminated = try #require(pod.status.containerStatuses.first?.state.terminated)
            #expect(terminated.exitCode == 0)
            #expect(terminated.reason == "Completed")
            #expect(pod.status.conditions[type: .podScheduled]?.status == .true)

            let events = try h.store.list(Event.self, namespace: "default")
            #expect(events.contains { $0.spec.reason == "Scheduled" && $0.spec.involvedObject.name == "train" })
        }

        @Test func runUntilQuiescentPlaysTheSimulationToTheEnd() async throws {
            let h = try await ControlPlaneHarness(files: [
                "nodes.yaml": Self.node("node-a"),
                "pods.yaml": Self.pod("short", duration: "10m", cpu: "3") + "---\n" + Self.pod("after", duration: "1h", cpu: "3")
                    + "---\n" + Self.pod("forever", duration: nil, cpu: "500m"),
            ])
            #expect(await h.runUntilQuiescent())
            // The second pod fits only once the first has finished and freed its CPUs.
            #expect(h.pod("short")?.status.phase == .succeeded)
            #expect(h.pod("after")?.status.phase == .succeeded)
            #expect(h.pod("forever")?.status.phase == .running)
            #expect(h.clock.now.sinceOrigin >= .seconds(3600 + 600))
        }

        @Test func aCordonedNodeIsNotUsed() async throws {
            let h = try await ControlPlaneHarness(files: [
                "nodes.yaml": Self.node("node-a", cordoned: true) + "---\n" + Self.node("node-b"),
            ])
            for index in 0..<3 {
                try h.apply(Self.pod("p\(index)"))
            }
            await h.settle()
            for index in 0..<3 {
                #expect(h.pod("p\(index)")?.spec.nodeName == "node-b")
            }
            try h.apply(Self.node("node-b", cordoned: true))
            try h.apply(Self.pod("late"))
            await h.settle()
            let late = try #require(h.pod("late"))
            #expect(late.spec.nodeName.isEmpty)
            let condition = try #require(late.status.conditions[type: .podScheduled])
            #expect(condition.status == .false && condition.reason == "Unschedulable")
            #expect(condition.message.hasPrefix("0/2 nodes are available: 2 node(s) were unschedulable."))
        }

        @Test func anUnmatchedNodeSelectorSaysSoAsKubeSchedulerDoes() async throws {
            let h = try await ControlPlaneHarness(files: [
                "nodes.yaml": Self.node("node-a", labels: "{pool: cpu}") + "---\n" + Self.node("node-b", labels: "{pool: cpu}")
                    + "---\n" + Self.node("node-c", labels: "{pool: gpu}", gpus: 1),
                "pod.yaml": Self.pod("picky", gpus: 2, nodeSelector: "{pool: gpu}"),
            ])
            await h.settle()
            let pod = try #require(h.pod("picky"))
            #expect(pod.spec.nodeName.isEmpty)
            #expect(pod.status.phase == .pending)
            let condition = try #require(pod.status.conditions[type: .podScheduled])
            #expect(condition.status == .false)
            #expect(
                condition.message.hasPrefix(
                    "0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector."
                ),
                "\(condition.message)"
            )
            let events = try h.store.list(Event.self, namespace: "default")
            #expect(events.contains { $0.spec.reason == "FailedScheduling" && $0.spec.type == "Warning" })
        }

        @Test func aPodBoundToAMissingNodeWaitsAndStartsWhenTheNodeAppears() async throws {
            let h = try await ControlPlaneHarness()
            try h.apply(Self.pod("pinned", extra: "nodeName: later"))
            await h.settle()
            var pod = try #require(h.pod("pinned"))
            #expect(pod.status.phase == .pending)
            #expect(pod.status.reason == "NodeNotFound")
            #expect(pod.status.message.hasPrefix("node \"later\" does not exist"))
            try h.apply(Self.node("later"))
            await h.settle()
            await h.advance(by: .zero)
            await h.settle()
            pod = try #require(h.pod("pinned"))
            #expect(pod.status.phase == .running)
        }

        @Test func reReadingAPodManifestKeepsItsBindingDevicesAndFinalizer() async throws {
            let h = try await ControlPlaneHarness(files: [
                "nodes.yaml": Self.node("gpu-node", gpus: 2),
                "pod.yaml": Self.pod("train", gpus: 1),
            ])
            await h.settle()
            let bound = try #require(h.pod("train"))
            #expect(bound.spec.nodeName == "gpu-node")
            #expect(bound.metadata.annotations["skiff.dev/devices"] == "nvidia.com/gpu=0")
            let status = bound.status
            // The file changes (a label) and is read again: what the scheduler and the pod controller wrote stays.
            let labelled = Self.pod("train", gpus: 1)
                .replacingOccurrences(of: "namespace: default", with: "namespace: default\n  labels: {team: a}")
            try h.dir.write("manifests/pod.yaml", labelled)
            h.plane.loader.handle([.upserted(h.manifests + "/pod.yaml")])
            await h.settle()
            let after = try #require(h.pod("train"))
            #expect(after.metadata.labels["team"] == "a")
            #expect(after.spec.nodeName == "gpu-node")
            #expect(after.metadata.annotations["skiff.dev/devices"] == "nvidia.com/gpu=0")
            #expect(after.metadata.finalizers == ["skiff.dev/pod-runtime"])
            #expect(after.metadata.uid == bound.metadata.uid)
            #expect(after.status.conditions == status.conditions)
            // The node manifest read again keeps its status and provider label.
            let node = try #require(h.node("gpu-node"))
            h.plane.loader.handle([.upserted(h.manifests + "/nodes.yaml")])
            await h.settle()
            #expect(h.node("gpu-node")?.status == node.status)
            #expect(h.node("gpu-node")?.metadata.labels[NodeProvider.label] == NodeProvider.declared)
        }

        @Test func deletingAPodStopsItsSimulationAndRemovesIt() async throws {
            let h = try await ControlPlaneHarness(files: ["nodes.yaml": Self.node("node-a")])
            try h.apply(Self.pod("p", duration: nil))
            await h.settle()
            await h.advance(by: .zero)
            await h.settle()
            let pod = try #require(h.pod("p"))
            #expect(pod.status.phase == .running)
            #expect(h.plane.simulatedRuntime.podUIDs == [pod.metadata.uid])
            _ = try h.store.delete(pod.key)
            await h.settle()
            #expect(h.pod("p") == nil)
            #expect(h.plane.simulatedRuntime.podUIDs.isEmpty)
        }

        @Test func nodeUsageShowsRequestsDevicesAndTheirHistory() async throws {
            let h = try await ControlPlaneHarness(files: [
                "nodes.yaml": Self.node("gpu-node", gpus: 2),
                "pod.yaml": Self.pod("train", duration: "1m", cpu: "1500m", gpus: 1),
            ])
            await h.settle()
            let document = h.plane.nodeUsageDocument()
            #expect(document["kind"]?.stringValue == "NodeUsageList")
            guard case .array(let items) = document["items"], let node = items.first else {
                Issue.record("no items in \(document)")
                return
            }
            #expect(node["name"]?.stringValue == "gpu-node")
            #expect(node["ready"] == .bool(true))
            #expect(node["unschedulable"] == .bool(false))
            guard case .array(let resources) = node["resources"] else {
                Issue.record("no resources")
                return
            }
            let cpu = resources.first { $0["name"]?.stringValue == "cpu" }
            #expect(cpu?["requested"]?.stringValue == "1500m")
            #expect(cpu?["allocatable"]?.stringValue == "4")
            #expect(cpu?["percent"] == .int(37))
            let gpu = resources.first { $0["name"]?.stringValue == "nvidia.com/gpu" }
            #expect(gpu?["requested"]?.stringValue == "1" && gpu?["allocatable"]?.stringValue == "2")
            let pods = resources.first { $0["name"]?.stringValue == "pods" }
            #expect(pods?["requested"]?.stringValue == "1" && pods?["allocatable"]?.stringValue == "10")
            #expect(
                node["devices"]
                    == .array([
                        .object(["resource": .string("nvidia.com/gpu"), "index": .int(0), "pod": .string("default/train")]),
                        .object(["resource": .string("nvidia.com/gpu"), "index": .int(1)]),
                    ])
            )
            guard case .array(let history) = node["history"], let first = history.first else {
                Issue.record("no history")
                return
            }
            #expect(first["action"]?.stringValue == "allocated")
            #expect(first["pod"]?.stringValue == "default/train")
            #expect(first["index"] == .int(0))
            // The pod finishes: its device is released.
            await h.advance(by: .zero)
            await h.settle()
            await h.advance(by: .seconds(60))
            await h.settle()
            guard case .array(let items2) = h.plane.nodeUsageDocument()["items"], case .array(let after) = items2[0]["history"]
            else { return }
            #expect(after.last?["action"]?.stringValue == "released")
        }
    }
}

extension ControlPlaneSuite.NodesDeclaredTests {
    @Test func aDeclaredNodeReconciledAgainLaterWritesNothing() async throws {
        let h = try await ControlPlaneHarness(files: ["nodes.yaml": Self.node("node-a")])
        await h.settle()
        let node = try #require(h.node("node-a"))
        let version = node.metadata.resourceVersion
        await h.advance(by: .seconds(120))
        h.plane.loader.handle([.upserted(h.manifests + "/nodes.yaml")])
        await h.settle()
        #expect(h.node("node-a")?.metadata.resourceVersion == version)
    }
}
