import SkiffScheduler
import Testing

/// The scheduling queue, after kube-scheduler's `pkg/scheduler/backend/queue/scheduling_queue_test.go`
/// (`TestPriorityQueue_Add`, `TestPriorityQueue_Pop`, `TestBackOffFlow`,
/// `TestPriorityQueue_AddUnschedulableIfNotPresent_Backoff`, `TestPriorityQueue_MoveAllToActiveOrBackoffQueue`,
/// `TestPriorityQueue_flushUnschedulablePodsLeftover`), driven by a manual clock.
struct SchedulingQueueTests {
    static func pod(_ name: String, priority: Int32? = nil, created: Int64 = 100, labels: [String: String] = [:]) -> Pod
    {
        var pod = Fixtures.pod(name, priority: priority, labels: labels)
        pod.metadata.creationTimestamp = Timestamp(seconds: created)
        return pod
    }

    @Test func popsByPriorityThenAgeThenArrival() {
        // TestPriorityQueue_Add: the highest priority pod first, then the rest in order.
        let queue = SchedulingQueue(clock: ManualSchedulerClock())
        queue.add(Self.pod("med", priority: 10, created: 50))
        queue.add(Self.pod("unschedulable", priority: 0))
        queue.add(Self.pod("high", priority: 100, created: 200))
        queue.add(Self.pod("med-older", priority: 10, created: 40))
        queue.add(Self.pod("late-same-age", priority: 0))
        let order = (0..<5).compactMap { _ in queue.pop()?.key.name }
        #expect(order == ["high", "med-older", "med", "unschedulable", "late-same-age"])
        #expect(queue.pop() == nil)
        #expect(queue.counts.inFlight == 5)
    }

    @Test func backoffDoublesFromOneToTenSeconds() throws {
        // TestBackOffFlow: 1s, 2s, 4s, 8s, 10s, 10s, 10s.
        let clock = ManualSchedulerClock()
        let queue = SchedulingQueue(clock: clock)
        queue.add(Self.pod("p"))
        let expected: [Duration] = [
            .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10), .seconds(10),
        ]
        for (step, backoff) in expected.enumerated() {
            let popped = try #require(queue.pop())
            #expect(popped.attempts == step + 1)
            #expect(queue.backoffDuration(attempts: popped.attempts) == backoff)
            queue.requeueUnschedulable(popped, rejectedBy: ["NodeResourcesFit"], events: [.nodeAdded])
            #expect(queue.location(of: popped.key) == .unschedulable)
            queue.moveAll(on: .nodeAdded)
            #expect(queue.location(of: popped.key) == .backoff)
            clock.advance(by: backoff - .milliseconds(1))
            queue.flush()
            #expect(queue.location(of: popped.key) == .backoff)
            clock.advance(by: .milliseconds(1))
            queue.flush()
            #expect(queue.location(of: popped.key) == .active)
        }
    }

    @Test func eventDuringCycleSendsPodToBackoffNotUnschedulable() throws {
        // TestPriorityQueue_AddUnschedulableIfNotPresent_Backoff: a move request after the pod's cycle started.
        let clock = ManualSchedulerClock()
        let queue = SchedulingQueue(clock: clock)
        queue.add(Self.pod("p"))
        let popped = try #require(queue.pop())
        queue.moveAll(on: .assignedPodDeleted)
        queue.requeueUnschedulable(popped, rejectedBy: ["NodeResourcesFit"], events: [.assignedPodDeleted])
        #expect(queue.location(of: popped.key) == .backoff)
        #expect(queue.pop() == nil)
        clock.advance(by: .seconds(1))
        #expect(queue.pop()?.key == popped.key)
    }

    @Test func onlyEventsARejectingPluginRegisteredForMovePods() throws {
        // TestPriorityQueue_MoveAllToActiveOrBackoffQueue with per-plugin events.
        let clock = ManualSchedulerClock()
        let queue = SchedulingQueue(clock: clock)
        queue.add(Self.pod("affinity"))
        queue.add(Self.pod("resources"))
        let first = try #require(queue.pop())
        let second = try #require(queue.pop())
        queue.requeueUnschedulable(first, rejectedBy: ["NodeAffinity"], events: [.nodeAdded, .nodeLabelsChanged])
        queue.requeueUnschedulable(second, rejectedBy: ["NodeResourcesFit"], events: [.nodeAdded, .assignedPodDeleted])
        clock.advance(by: .seconds(5))
        queue.moveAll(on: .assignedPodDeleted)
        #expect(queue.location(of: first.key) == .unschedulable)
        #expect(queue.location(of: second.key) == .active)
        queue.moveAll(on: .nodeLabelsChanged)
        #expect(queue.location(of: first.key) == .active)
    }

    @Test func podsStuckInUnschedulableAreFlushedAfterFiveMinutes() throws {
        // TestPriorityQueue_flushUnschedulablePodsLeftover.
        let clock = ManualSchedulerClock()
        let queue = SchedulingQueue(clock: clock)
        queue.add(Self.pod("old"))
        let old = try #require(queue.pop())
        queue.requeueUnschedulable(old, rejectedBy: ["NodeAffinity"], events: [.nodeLabelsChanged])
        clock.advance(by: .seconds(200))
        queue.add(Self.pod("young"))
        let young = try #require(queue.pop())
        queue.requeueUnschedulable(young, rejectedBy: ["NodeAffinity"], events: [.nodeLabelsChanged])
        clock.advance(by: .seconds(101))
        queue.flush()
        #expect(queue.location(of: old.key) == .active)
        #expect(queue.location(of: young.key) == .unschedulable)
        clock.advance(by: .seconds(200))
        queue.flush()
        #expect(queue.location(of: young.key) == .active)
    }

    @Test func errorsGoToBackoff() throws {
        let clock = ManualSchedulerClock()
        let queue = SchedulingQueue(clock: clock)
        queue.add(Self.pod("p"))
        let popped = try #require(queue.pop())
        queue.requeueAfterError(popped)
        #expect(queue.location(of: popped.key) == .backoff)
        clock.advance(by: .seconds(1))
        #expect(queue.pop()?.attempts == 2)
    }

    @Test func updatedUnschedulablePodIsRetried() throws {
        let clock = ManualSchedulerClock()
        let queue = SchedulingQueue(clock: clock)
        queue.add(Self.pod("p"))
        let popped = try #require(queue.pop())
        queue.requeueUnschedulable(popped, rejectedBy: ["NodeAffinity"], events: [.nodeLabelsChanged])
        var statusOnly = popped.pod
        statusOnly.status.message = "observed"
        queue.add(statusOnly)
        #expect(queue.location(of: popped.key) == .unschedulable)
        clock.advance(by: .seconds(2))
        var changed = popped.pod
        changed.spec.nodeSelector = ["zone": "b"]
        queue.add(changed)
        #expect(queue.location(of: popped.key) == .active)
        #expect(queue.pop()?.pod.spec.nodeSelector == ["zone": "b"])
    }

    @Test func deletedPodsLeaveEveryQueue() {
        let queue = SchedulingQueue(clock: ManualSchedulerClock())
        queue.add(Self.pod("a"))
        queue.add(Self.pod("b"))
        queue.delete(PodKey(namespace: "default", name: "a"))
        #expect(queue.pop()?.key.name == "b")
        #expect(queue.pop() == nil)
        #expect(queue.counts == SchedulingQueue.Counts(active: 0, backoff: 0, unschedulable: 0, inFlight: 1))
    }

    @Test func gangMembersArriveTogetherAndWakeSiblings() throws {
        let clock = ManualSchedulerClock()
        let queue = SchedulingQueue(clock: clock)
        let labels = [SchedulingAnnotations.podGroup: "train", SchedulingAnnotations.podGroupSize: "3"]
        queue.add(Self.pod("train-0", labels: labels))
        queue.add(Self.pod("train-1", labels: labels))
        let first = try #require(queue.pop())
        let rest = queue.takeGroup(try #require(first.group), except: first.key)
        #expect(rest.map(\.key.name) == ["train-1"])
        #expect(queue.pop() == nil)
        for member in [first] + rest {
            queue.requeueUnschedulable(member, rejectedBy: ["PodGroup"], events: .podGroupMemberAdded)
        }
        clock.advance(by: .seconds(2))
        queue.add(Self.pod("train-2", labels: labels))
        #expect(queue.counts.active == 3)
        #expect(queue.members(of: PodGroup(namespace: "default", name: "train")).count == 3)
    }

    @Test func positionFollowsTheOrderPodsWouldBeTried() {
        let queue = SchedulingQueue(clock: ManualSchedulerClock())
        queue.add(Self.pod("low", priority: 1))
        queue.add(Self.pod("high", priority: 5))
        #expect(queue.position(of: PodKey(namespace: "default", name: "high")) == 0)
        #expect(queue.position(of: PodKey(namespace: "default", name: "low")) == 1)
        #expect(queue.position(of: PodKey(namespace: "default", name: "missing")) == nil)
    }

    @Test func nominationsAreKeptPerNode() {
        let queue = SchedulingQueue(clock: ManualSchedulerClock())
        let pod = Self.pod("p", priority: 10)
        queue.nominate(pod, to: "node-a")
        #expect(queue.nominatedPods(on: "node-a").map(\.metadata.name) == ["p"])
        queue.nominate(pod, to: "node-b")
        #expect(queue.nominatedPods(on: "node-a").isEmpty)
        queue.nominate(pod, to: nil)
        #expect(queue.nominations().isEmpty)
    }
}
