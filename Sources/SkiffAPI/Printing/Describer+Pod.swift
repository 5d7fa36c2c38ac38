extension Describer {
    /// The annotation the scheduler writes on a bound pod: `nvidia.com/gpu=0,1` (SkiffScheduler's
    /// `SchedulingAnnotations.devices`, repeated here because printing must not import the scheduler).
    public static let devicesAnnotation = "skiff.dev/devices"

    /// `describe pod` as kubectl prints it (the fields Skiff models), plus `Devices:` — the device indices the pod
    /// holds — and, in each container's `Environment:`, the device variables the runtime sets from them.
    public static func describePod(_ pod: Pod, events: [any APIObject], now: Timestamp) -> String {
        var lines: [Line] = [Line(label: "Name:", value: pod.metadata.name)]
        lines.append(Line(label: "Namespace:", value: pod.metadata.namespace))
        if let priority = pod.spec.priority { lines.append(Line(label: "Priority:", value: String(priority))) }
        if !pod.spec.priorityClassName.isEmpty {
            lines.append(Line(label: "Priority Class Name:", value: pod.spec.priorityClassName))
        }
        var node = pod.spec.nodeName.isEmpty ? "<none>" : pod.spec.nodeName
        if !pod.spec.nodeName.isEmpty, !pod.status.hostIP.isEmpty { node += "/" + pod.status.hostIP }
        lines.append(Line(label: "Node:", value: node))
        if let start = pod.status.startTime { lines.append(Line(label: "Start Time:", value: rfc1123Z(start))) }
        lines += mapLines("Labels:", pod.metadata.labels.map { "\($0.key)=\($0.value)" })
        lines += mapLines("Annotations:", pod.metadata.annotations.map { "\($0.key): \($0.value)" })
        if let deleted = pod.metadata.deletionTimestamp {
            lines.append(
                Line(label: "Status:", value: "Terminating (lasts \(HumanDuration.since(deleted, now: now)))")
            )
            lines.append(
                Line(label: "Termination Grace Period:", value: "\(pod.spec.terminationGracePeriodSeconds)s")
            )
        } else {
            lines.append(Line(label: "Status:", value: (pod.status.phase ?? .pending).rawValue))
        }
        if !pod.status.reason.isEmpty { lines.append(Line(label: "Reason:", value: pod.status.reason)) }
        if !pod.status.message.isEmpty { lines.append(Line(label: "Message:", value: pod.status.message)) }
        lines.append(Line(label: "IP:", value: pod.status.podIP))
        if let owner = pod.metadata.controllerReference {
            lines.append(Line(label: "Controlled By:", value: "\(owner.kind)/\(owner.name)"))
        }
        let devices = pod.metadata.annotations[devicesAnnotation] ?? ""
        lines.append(Line(label: "Devices:", value: devices.isEmpty ? "<none>" : devices))
        if !pod.spec.initContainers.isEmpty {
            lines.append(Line(label: "Init Containers:", value: nil))
            for container in pod.spec.initContainers {
                containerLines(container, pod.status.initContainerStatuses, pod: pod, devices: devices, into: &lines)
            }
        }
        lines.append(Line(label: "Containers:", value: nil))
        for container in pod.spec.containers {
            containerLines(container, pod.status.containerStatuses, pod: pod, devices: devices, into: &lines)
        }
        var out = render(lines)
        if !pod.status.conditions.isEmpty {
            var table = Table(columns: ["Type", "Status"])
            table.rows = pod.status.conditions.map { [$0.type.rawValue, $0.status.rawValue] }
            out +=
                "Conditions:\n"
                + table.rendered(padding: 2, minWidth: 0).split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        }
        var tail: [Line] = []
        tail.append(Line(label: "QoS Class:", value: (pod.status.qosClass ?? pod.qosClass).rawValue))
        tail += mapLines("Node-Selectors:", pod.spec.nodeSelector.map { "\($0.key)=\($0.value)" })
        tail += mapLines("Tolerations:", pod.spec.tolerations.map(tolerationText))
        out += render(tail)
        out += eventsBlock(events, now: now)
        return out
    }

    private static func containerLines(
        _ container: Container,
        _ statuses: [ContainerStatus],
        pod: Pod,
        devices: String,
        into lines: inout [Line]
    ) {
        let status = statuses.first { $0.name == container.name }
        lines.append(Line(label: "  \(container.name):", value: nil))
        if let id = status?.containerID, !id.isEmpty { lines.append(Line(label: "    Container ID:", value: id)) }
        lines.append(Line(label: "    Image:", value: container.image))
        if let image = status?.imageID { lines.append(Line(label: "    Image ID:", value: image)) }
        if !container.command.isEmpty {
            lines.append(Line(label: "    Command:", value: nil))
            lines += container.command.map { Line(label: "      " + $0, value: nil) }
        }
        if !container.args.isEmpty {
            lines.append(Line(label: "    Args:", value: nil))
            lines += container.args.map { Line(label: "      " + $0, value: nil) }
        }
        if let status {
            lines += stateLines("    State:", status.state)
            if status.lastState != ContainerState() { lines += stateLines("    Last State:", status.lastState) }
            lines.append(Line(label: "    Ready:", value: status.ready ? "True" : "False"))
            lines.append(Line(label: "    Restart Count:", value: String(status.restartCount)))
        } else {
            lines.append(Line(label: "    State:", value: "Waiting"))
            lines.append(Line(label: "    Ready:", value: "False"))
            lines.append(Line(label: "    Restart Count:", value: "0"))
        }
        for (title, list) in [("Limits", container.resources.limits), ("Requests", container.resources.requests)]
        where !list.isEmpty {
            lines.append(Line(label: "    \(title):", value: nil))
            lines += list.elements.map { Line(label: "      \($0.name.rawValue):", value: $0.quantity.description) }
        }
        if !container.workingDir.isEmpty { lines.append(Line(label: "    Working Dir:", value: container.workingDir)) }
        var environment = container.env.map { Line(label: "      \($0.name):", value: $0.value) }
        if !pod.spec.nodeName.isEmpty {
            // What the runtime hands the process from the pod's devices (a pod without GPUs sees none).
            let names = Set(container.env.map(\.name))
            let gpus = deviceIndices(devices, resource: "nvidia.com/gpu")
            let note = " (from \(devicesAnnotation))"
            if !names.contains("CUDA_VISIBLE_DEVICES") {
                environment.append(Line(label: "      CUDA_VISIBLE_DEVICES:", value: gpus + note))
            }
            if !names.contains("NVIDIA_VISIBLE_DEVICES") {
                environment.append(
                    Line(label: "      NVIDIA_VISIBLE_DEVICES:", value: (gpus.isEmpty ? "void" : gpus) + note)
                )
            }
        }
        if environment.isEmpty {
            lines.append(Line(label: "    Environment:", value: "<none>"))
        } else {
            lines.append(Line(label: "    Environment:", value: nil))
            lines += environment
        }
    }

    /// `State: Running` with `Started:`, `Waiting` with `Reason:`, `Terminated` with reason, exit code and times.
    private static func stateLines(_ label: String, _ state: ContainerState) -> [Line] {
        if let running = state.running {
            return [Line(label: label, value: "Running")]
                + (running.startedAt.map { [Line(label: "      Started:", value: rfc1123Z($0))] } ?? [])
        }
        if let terminated = state.terminated {
            var lines = [Line(label: label, value: "Terminated")]
            if !terminated.reason.isEmpty { lines.append(Line(label: "      Reason:", value: terminated.reason)) }
            if !terminated.message.isEmpty { lines.append(Line(label: "      Message:", value: terminated.message)) }
            lines.append(Line(label: "      Exit Code:", value: String(terminated.exitCode)))
            if terminated.signal != 0 { lines.append(Line(label: "      Signal:", value: String(terminated.signal))) }
            if let started = terminated.startedAt {
                lines.append(Line(label: "      Started:", value: rfc1123Z(started)))
            }
            if let finished = terminated.finishedAt {
                lines.append(Line(label: "      Finished:", value: rfc1123Z(finished)))
            }
            return lines
        }
        var lines = [Line(label: label, value: "Waiting")]
        if let waiting = state.waiting, !waiting.reason.isEmpty {
            lines.append(Line(label: "      Reason:", value: waiting.reason))
        }
        return lines
    }

    /// The indices of one resource in a devices annotation (`nvidia.com/gpu=0,1;...` → `0,1`), empty if none.
    public static func deviceIndices(_ annotation: String, resource: String) -> String {
        for part in annotation.split(whereSeparator: { $0 == ";" || $0 == " " }) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            if pieces.count == 2, pieces[0] == resource { return String(pieces[1]) }
        }
        return ""
    }

    /// kubectl's toleration text: `key=value:Effect op=Exists for 300s`.
    private static func tolerationText(_ t: Toleration) -> String {
        var text = t.key
        if !t.value.isEmpty { text += "=" + t.value }
        if let effect = t.effect { text += ":" + effect.rawValue }
        if t.operator == .exists, t.value.isEmpty { text += (text.isEmpty ? "" : " ") + "op=Exists" }
        if let seconds = t.tolerationSeconds { text += " for \(seconds)s" }
        return text
    }

    /// A time as kubectl's describe prints it (Go's RFC 1123 with a numeric zone): `Mon, 23 Nov 2026 22:08:20 +0000`.
    public static func rfc1123Z(_ time: Timestamp) -> String {
        let days = time.seconds >= 0 ? time.seconds / 86_400 : (time.seconds - 86_399) / 86_400
        let (y, m, d) = Timestamp.civil(fromDays: days)
        let secondOfDay = time.seconds - days * 86_400
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(weekday), \(two(d)) \(months[Int(m) - 1]) \(y) \(two(secondOfDay / 3600)):"
            + "\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60)) +0000"
    }
}
