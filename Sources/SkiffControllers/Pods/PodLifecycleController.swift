import Logging
import SkiffNode
import SkiffScheduler

/// The kubelet's part for every node: runs each pod bound to a node in that node's runtime (real processes on the
/// local node, a simulation on declared nodes) and copies what the runtime reports into the pod's status — phase,
/// `Initialized`/`ContainersReady`/`Ready` (with `PodScheduled` kept), container states with exit codes and
/// reasons, `LimitsEnforced`.
///
/// A running pod carries the ``finalizer``; when the pod is deleted its containers are stopped (SIGTERM, SIGKILL
/// after `terminationGracePeriodSeconds`), the runtime forgets it, and the finalizer is dropped so the store removes
/// it. Finished pods keep their status (and, on the local node, their logs) until deleted. A pod bound to a node
/// that does not exist stays `Pending` and says so; it starts when the node appears.
struct PodLifecycleController: Reconciler {
    /// Keeps a pod whose containers may still run in the store until they have stopped.
    static let finalizer = "skiff.dev/pod-runtime"

    let store: any ObjectStore
    let clock: any Clock
    let runtimes: PodRuntimes
    /// Where the kubelet's events go (`Started`, `Killing`, `Failed`).
    let events: any EventRecording
    let logger: Logger

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let pod = store.get(key) as? Pod else {
            // Gone without passing through the finalizer (a forced delete): free what its runtime holds.
            if let uid = runtimes.uid(of: key) {
                for runtime in runtimes.all { runtime.remove(podUID: uid) }
                runtimes.untrack(uid)
            }
            return .done
        }
        let uid = pod.metadata.uid
        if let previous = runtimes.uid(of: key), previous != uid {
            // The pod was re-created under the same name: the old one's run is over.
            for runtime in runtimes.all { runtime.remove(podUID: previous) }
            runtimes.untrack(previous)
        }
        let deleting = pod.metadata.deletionTimestamp != nil
        guard !pod.spec.nodeName.isEmpty else {
            if deleting {
                try dropFinalizer(pod)
            } else if pod.status.phase == nil || pod.status.qosClass == nil {
                // What the API server sets on every pod it accepts.
                try writeStatus(pod) { status in
                    status.phase = status.phase ?? .pending
                    status.qosClass = status.qosClass ?? pod.qosClass
                }
            }
            return .done
        }
        guard let runtime = runtimes.runtime(forNode: pod.spec.nodeName, uid: uid) else {
            if deleting {
                try dropFinalizer(pod)
            } else {
                let exists = store.get(Node.self, name: pod.spec.nodeName) != nil
                try writeStatus(pod) { status in
                    if status.phase == nil || status.phase == .pending {
                        status.phase = .pending
                        status.reason = "NodeNotFound"
                        status.message =
                            exists
                            ? "node \"\(pod.spec.nodeName)\" is a local node that this skiffd does not run"
                            : "node \"\(pod.spec.nodeName)\" does not exist: the pod starts when a Node of that name "
                                + "is declared"
                        status.message += runtimes.localNodeName.map { " (the local node is \"\($0)\")" } ?? ""
                    }
                }
            }
            return .done
        }
        if deleting { return try terminate(pod, runtime: runtime) }
        if pod.status.phase?.isTerminal == true && runtime.status(podUID: uid) == nil {
            // Finished in an earlier run of the daemon: its status is final.
            return .done
        }
        var current = pod
        for attempt in 1...3 where !current.metadata.finalizers.contains(Self.finalizer) {
            var updated = current
            updated.metadata.finalizers.append(Self.finalizer)
            do {
                current = try store.update(updated)
            } catch {
                // Lost a race (the scheduler marking the pod scheduled): try again on the latest version.
                guard error.reason == .conflict, attempt < 3,
                    let latest = store.get(key) as? Pod, latest.metadata.uid == uid,
                    latest.metadata.deletionTimestamp == nil
                else { throw error }
                current = latest
            }
        }
        if runtime.status(podUID: uid) == nil {
            let devices = DeviceAssignment(pod: current)[.nvidiaGPU]
            let wanted = current.effectiveRequests[.nvidiaGPU]?.value ?? 0
            if devices.count < wanted {
                return try waitForDevices(current, wanted: wanted, held: devices.count)
            }
            runtimes.track(uid, as: key)
            do {
                try runtime.start(PodStartRequest(pod: current, gpuDevices: devices.map(String.init)))
                for container in current.spec.containers {
                    event(current, "Normal", "Started", "Started container \(container.name)")
                }
            } catch {
                event(current, "Warning", "Failed", "Error: \(error.description)")
                runtimes.untrack(uid)
                try writeStatus(current) { status in
                    status.phase = .failed
                    status.reason = "StartError"
                    status.message = error.description
                }
                return .done
            }
        } else {
            runtimes.track(uid, as: key)
        }
        if let status = runtime.status(podUID: uid) {
            try writeStatus(current) { status.apply(to: &$0, now: clock.timestamp) }
        }
        return .done
    }

    /// Stops the pod's containers; once none runs, frees the runtime's hold and drops the finalizer.
    private func terminate(_ pod: Pod, runtime: any PodRuntime) throws -> ReconcileResult {
        let uid = pod.metadata.uid
        let grace = Duration.seconds(max(0, pod.spec.terminationGracePeriodSeconds))
        if let status = runtime.status(podUID: uid) {
            let running = (status.initContainerStatuses + status.containerStatuses).filter {
                $0.state.running != nil
            }
            if !running.isEmpty && runtimes.beginStopping(uid) {
                for container in running {
                    event(pod, "Normal", "Killing", "Stopping container \(container.name)")
                }
            }
            runtime.stop(podUID: uid, gracePeriod: grace)
            if !running.isEmpty, let latest = runtime.status(podUID: uid),
                (latest.initContainerStatuses + latest.containerStatuses).contains(where: { $0.state.running != nil })
            {
                try writeStatus(pod) { latest.apply(to: &$0, now: clock.timestamp) }
                // The runtime reports the exit; the requeue is a safety net should a report be lost.
                return .requeueAfter(grace + .seconds(5))
            }
        }
        runtime.remove(podUID: uid)
        runtimes.untrack(uid)
        try dropFinalizer(pod)
        return .done
    }

    /// A pod bound by hand (its `spec.nodeName` set in the manifest) gets its device indices from the scheduler's
    /// cache a moment after binding; until then it waits. A node that has fewer devices than the pod asks for never
    /// will: the pod fails as the kubelet's admission fails it.
    private func waitForDevices(_ pod: Pod, wanted: Int64, held: Int) throws -> ReconcileResult {
        let node = store.get(Node.self, name: pod.spec.nodeName)
        let capacity = node.map { NodeInfo.allocatableList(of: $0)[.nvidiaGPU]?.value ?? 0 } ?? 0
        if capacity < wanted {
            try writeStatus(pod) { status in
                status.phase = .failed
                status.reason = "OutOfnvidia.com/gpu"
                status.message =
                    "Pod was rejected: Node didn't have enough resource: nvidia.com/gpu, requested: \(wanted), "
                    + "capacity: \(capacity)"
            }
            return .done
        }
        try writeStatus(pod) { status in
            status.phase = .pending
            status.reason = "WaitingForDevices"
            status.message = "waiting for \(wanted) nvidia.com/gpu device(s) to be assigned (\(held) so far)"
        }
        return .requeueAfter(.seconds(1))
    }

    private func event(_ pod: Pod, _ type: String, _ reason: String, _ message: String) {
        events.record(ObjectReference(to: pod), type: type, reason: reason, message: message)
    }

    private func dropFinalizer(_ pod: Pod) throws {
        guard pod.metadata.finalizers.contains(Self.finalizer) else { return }
        var updated = pod
        updated.metadata.finalizers.removeAll { $0 == Self.finalizer }
        // Unconditional (no resourceVersion): the finalizer is ours alone, and the rest is written back unchanged.
        if let latest = store.get(pod.key) as? Pod, latest.metadata.uid == pod.metadata.uid {
            updated = latest
            updated.metadata.finalizers.removeAll { $0 == Self.finalizer }
        }
        updated.metadata.resourceVersion = 0
        _ = try store.update(updated)
    }

    /// Writes the status `mutate` makes of the pod's, if it changed. A conflict (the scheduler marking the pod
    /// scheduled, a finalizer added) is retried on the latest pod: the mutations are level-based, so they apply to
    /// any version.
    private func writeStatus(_ pod: Pod, _ mutate: (inout PodStatus) -> Void) throws {
        var current = pod
        for attempt in 1...3 {
            var updated = current
            mutate(&updated.status)
            guard updated.status != current.status else { return }
            do {
                _ = try store.updateStatus(updated)
                return
            } catch {
                guard error.reason == .conflict, attempt < 3 else { throw error }
                guard let latest = store.get(pod.key) as? Pod, latest.metadata.uid == pod.metadata.uid else { return }
                current = latest
            }
        }
    }
}
