extension Pod: TablePrintable {
    /// `NAME READY STATUS RESTARTS AGE`, and with `-o wide` `IP NODE NOMINATED NODE READINESS GATES`, computed as
    /// kubectl's `printPod` computes them.
    public static var printerColumns: [PrinterColumn<Pod>] {
        [
            PrinterColumn("READY") { pod, _ in "\(pod.printedStatus.ready)/\(pod.spec.containers.count)" },
            PrinterColumn("STATUS") { pod, _ in pod.printedStatus.reason },
            PrinterColumn("RESTARTS") { pod, now in
                let status = pod.printedStatus
                guard status.restarts != 0, let last = status.lastRestart else { return String(status.restarts) }
                return "\(status.restarts) (\(HumanDuration.since(last, now: now)) ago)"
            },
            .age,
            PrinterColumn("IP", priority: 1) { pod, _ in pod.status.podIP.isEmpty ? "<none>" : pod.status.podIP },
            PrinterColumn("NODE", priority: 1) { pod, _ in pod.spec.nodeName.isEmpty ? "<none>" : pod.spec.nodeName },
            PrinterColumn("NOMINATED NODE", priority: 1) { pod, _ in
                pod.status.nominatedNodeName.isEmpty ? "<none>" : pod.status.nominatedNodeName
            },
            // Skiff models no readiness gates.
            PrinterColumn("READINESS GATES", priority: 1) { _, _ in "<none>" },
            PrinterColumn("GPUS", priority: 1) { pod, _ in
                let gpus = pod.gpuDevices
                return gpus.isEmpty ? "<none>" : gpus
            },
        ]
    }
}

extension Pod {
    /// The `nvidia.com/gpu` device indices the scheduler gave the pod (`0,1`), from its `skiff.dev/devices`
    /// annotation (`nvidia.com/gpu=0,1;other=2`); empty when it holds none.
    public var gpuDevices: String {
        guard let text = metadata.annotations[Describer.devicesAnnotation] else { return "" }
        let prefix = "nvidia.com/gpu="
        for part in text.split(separator: ";") where part.hasPrefix(prefix) {
            return String(part.dropFirst(prefix.count))
        }
        return ""
    }
}

extension Pod {
    /// What `kubectl get pods` shows for a pod: ready containers, the STATUS text and restarts.
    public struct PrintedStatus: Sendable, Hashable {
        /// Containers ready and running.
        public var ready: Int
        /// The STATUS column: the phase, or the reason that says more (`ContainerCreating`, `Completed`, `Error`,
        /// `OOMKilled`, `Init:0/1`, `Terminating`, …).
        public var reason: String
        /// Restarts of the containers (of the init containers while the pod initializes).
        public var restarts: Int
        /// When the last restarted container last terminated, if known.
        public var lastRestart: Timestamp?
    }

    /// The STATUS, READY and RESTARTS cells exactly as kubectl's `printPod` derives them: the pod's reason over
    /// its phase; then the first failing or waiting init container (`Init:Error`, `Init:1/2`); then, walking the
    /// containers from last to first so that the first one wins, a waiting reason, a terminated reason or
    /// `ExitCode:N`/`Signal:N`; `Completed` turned back into `Running` (or `NotReady`) while a container still
    /// runs; `Terminating` for a pod being deleted that has not finished.
    public var printedStatus: PrintedStatus {
        var reason = status.reason.isEmpty ? (status.phase ?? .pending).rawValue : status.reason
        if status.conditions.contains(where: { $0.type == .podScheduled && $0.reason == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }
        var restarts = 0
        var ready = 0
        var lastRestart: Timestamp?
        func noteRestart(_ container: ContainerStatus) {
            restarts += Int(container.restartCount)
            if let finished = container.lastState.terminated?.finishedAt, lastRestart.map({ $0 < finished }) ?? true {
                lastRestart = finished
            }
        }
        var initializing = false
        for (i, container) in status.initContainerStatuses.enumerated() {
            noteRestart(container)
            if let terminated = container.state.terminated, terminated.exitCode == 0 { continue }
            if let terminated = container.state.terminated {
                if !terminated.reason.isEmpty {
                    reason = "Init:" + terminated.reason
                } else if terminated.signal != 0 {
                    reason = "Init:Signal:\(terminated.signal)"
                } else {
                    reason = "Init:ExitCode:\(terminated.exitCode)"
                }
            } else if let waiting = container.state.waiting, !waiting.reason.isEmpty,
                waiting.reason != "PodInitializing"
            {
                reason = "Init:" + waiting.reason
            } else {
                reason = "Init:\(i)/\(spec.initContainers.count)"
            }
            initializing = true
            break
        }
        if !initializing || status.conditions[type: .initialized]?.status == .true {
            restarts = 0
            lastRestart = nil
            var hasRunning = false
            for container in status.containerStatuses.reversed() {
                noteRestart(container)
                if let waiting = container.state.waiting, !waiting.reason.isEmpty {
                    reason = waiting.reason
                } else if let terminated = container.state.terminated, !terminated.reason.isEmpty {
                    reason = terminated.reason
                } else if let terminated = container.state.terminated {
                    reason = terminated.signal != 0 ? "Signal:\(terminated.signal)" : "ExitCode:\(terminated.exitCode)"
                } else if container.ready, container.state.running != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed", hasRunning {
                reason = status.conditions[type: .ready]?.status == .true ? "Running" : "NotReady"
            }
        }
        if metadata.deletionTimestamp != nil, status.reason == "NodeLost" {
            reason = "Unknown"
        } else if metadata.deletionTimestamp != nil, !(status.phase?.isTerminal ?? false) {
            reason = "Terminating"
        }
        return PrintedStatus(ready: ready, reason: reason, restarts: restarts, lastRestart: lastRestart)
    }
}
