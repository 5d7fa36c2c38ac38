import SkiffScheduler

/// Says why a pod or a job is not running, better than a scheduler's one-line message: every blocker in layer order
/// (manifest → compute and namespace → instance type → node filters → devices → gang → queue), every node's verdict
/// check by check with amounts ("nvidia.com/gpu needs 4, free 2 (held by ml/job-y-0: 0,1)"), the pod's place in the
/// scheduling queue, and a ranked list of the smallest changes that would let it run.
///
/// It reads the scheduler's cache (the same accounting the scheduler places pods with) and runs the scheduler's own
/// filter plugins, each on every node, so the verdicts never disagree with what the scheduler does.
public struct SchedulingExplainer: Sendable {
    /// The label the Job controller puts on a job's pods.
    public static let jobNameLabel = JobLabels.jobName

    let store: any ObjectStore
    let scheduler: Scheduler
    let manifestProblems: @Sendable (any APIObject) -> [String]

    /// An explainer over `store` and `scheduler`; `manifestProblems` gives the current errors of the manifest file
    /// an object was declared in (none for objects controllers made).
    public init(
        store: any ObjectStore,
        scheduler: Scheduler,
        manifestProblems: @escaping @Sendable (any APIObject) -> [String] = { _ in [] }
    ) {
        self.store = store
        self.scheduler = scheduler
        self.manifestProblems = manifestProblems
    }

    /// The explanation of a pod (see CONTRACTS: `{"kind":"Explanation", …}`).
    public func explain(_ pod: Pod) -> JSONValue {
        .object(podExplanation(pod).document)
    }

    /// The explanation of a job: its own blockers, then one explanation per pod, and instance types that would fit.
    public func explain(_ job: Job) -> JSONValue {
        let pods = pods(of: job)
        var blockers = manifestProblems(job).map { Blocker(.manifest, "manifest: \($0)") }
        blockers += jobBlockers(job)
        let explained = pods.map(podExplanation)
        var seen = Set(blockers.map(\.message))
        for pod in explained {
            for blocker in pod.blockers where seen.insert(blocker.message).inserted {
                blockers.append(blocker)
            }
        }
        if job.isGang, !pods.isEmpty {
            let bound = pods.filter { !$0.spec.nodeName.isEmpty }.count
            let pending = pods.count - bound
            if pending > 0 {
                let fitting = explained.filter { $0.spec.nodeName.isEmpty && $0.fitsSomewhere }.count
                blockers.append(
                    Blocker(
                        .gang,
                        "gang of \(job.spec.instanceCount) pods: all are placed together or none is; \(bound) placed, "
                            + "\(pending) pending, \(fitting) of the pending would fit a node on their own"
                    )
                )
            }
        } else if pods.isEmpty, !Self.isFinished(job) {
            blockers.append(Blocker(.compute, "the job has no pods yet"))
        }
        blockers.sort { $0.layer < $1.layer }
        var suggestions = instanceTypeSuggestions(job, pods: pods)
        for pod in explained {
            for suggestion in pod.suggestions where !suggestions.contains(suggestion) {
                suggestions.append(suggestion)
            }
        }
        let phase = job.status.phase.isEmpty ? "Queued" : job.status.phase
        var summary = "job \(job.metadata.namespace)/\(job.metadata.name) is \(phase)"
        if let first = blockers.first { summary += ": \(first.message)" }
        var document: JSONObject = [
            "kind": .string("Explanation"),
            "target": target("Job", job.metadata.namespace, job.metadata.name),
            "phase": .string(phase),
            "summary": .string(summary),
            "blockers": .array(blockers.map(\.encoded)),
        ]
        document["suggestions"] = Self.encode(suggestions)
        document["pods"] = .array(explained.map { .object($0.document) })
        return .object(document)
    }

    // MARK: - Pods

    /// What is known about one pod.
    struct PodExplanation {
        var spec: PodSpec
        var document: JSONObject
        var blockers: [Blocker]
        var suggestions: [String]
        var fitsSomewhere: Bool
    }

    func podExplanation(_ pod: Pod) -> PodExplanation {
        let key = PodKey(pod)
        let phase = pod.status.phase?.rawValue ?? PodPhase.pending.rawValue
        var blockers = manifestProblems(pod).map { Blocker(.manifest, "manifest: \($0)") }
        var nodes: [JSONValue] = []
        var suggestions: [String] = []
        var fitsSomewhere = false
        var summary: String
        if pod.metadata.deletionTimestamp != nil {
            summary = "pod \(key) is being deleted"
        } else if !pod.spec.nodeName.isEmpty {
            summary = "pod \(key) is bound to node \(pod.spec.nodeName) and \(phase)"
            if pod.status.phase == .pending || pod.status.phase == nil {
                for status in pod.status.containerStatuses {
                    if let waiting = status.state.waiting {
                        summary += "; container \(status.name) is waiting: \(waiting.reason) \(waiting.message)"
                    }
                }
            }
        } else if pod.status.phase?.isTerminal == true {
            summary = "pod \(key) is \(phase)"
        } else {
            let verdicts = nodeVerdicts(pod)
            nodes = verdicts.map(\.encoded)
            fitsSomewhere = verdicts.contains(where: \.fits)
            blockers += placementBlockers(pod, verdicts: verdicts)
            suggestions = placementSuggestions(pod, verdicts: verdicts)
            let condition = pod.status.conditions.first { $0.type == .podScheduled && $0.status == .false }
            if let message = condition?.message, !message.isEmpty {
                summary = "pod \(key) is Pending: \(message)"
            } else if fitsSomewhere {
                summary = "pod \(key) is Pending; it fits a node now and waits for its scheduling cycle"
            } else {
                summary = "pod \(key) is Pending: \(Self.unschedulableMessage(verdicts))"
            }
        }
        blockers.sort { $0.layer < $1.layer }
        var document: JSONObject = [
            "kind": .string("Explanation"),
            "target": target("Pod", key.namespace, key.name),
            "phase": .string(phase),
            "summary": .string(summary),
            "blockers": .array(blockers.map(\.encoded)),
        ]
        if let position = scheduler.queue.position(of: key) {
            let counts = scheduler.queue.counts
            let length = counts.active + counts.backoff + counts.unschedulable + counts.inFlight
            document["queue"] = .object([
                "position": .int(Int64(position)), "length": .int(Int64(max(length, position))),
            ])
        }
        document["nodes"] = .array(nodes)
        document["suggestions"] = Self.encode(suggestions)
        return PodExplanation(
            spec: pod.spec,
            document: document,
            blockers: blockers,
            suggestions: suggestions,
            fitsSomewhere: fitsSomewhere
        )
    }

    /// Every node's checks for `pod`, from the scheduler's filter plugins run one by one, with amounts.
    func nodeVerdicts(_ pod: Pod) -> [NodeVerdict] {
        let snapshot = scheduler.cache.makeSnapshot()
        let state = CycleState(pod: pod, table: snapshot.table)
        let framework = scheduler.framework
        return snapshot.nodes.map { node in
            let statuses = framework.evaluateFilters(pod, node, state)
            return NodeVerdict(pod: pod, node: node, state: state, statuses: statuses)
        }
    }

    private func placementBlockers(_ pod: Pod, verdicts: [NodeVerdict]) -> [Blocker] {
        if verdicts.isEmpty {
            return [Blocker(.nodes, "no nodes available to schedule pods")]
        }
        if verdicts.contains(where: \.fits) {
            if let group = PodGroup(pod) {
                let size = PodGroup.declaredSize(of: pod)
                let placed = scheduler.cache.placedMembers(of: group)
                return [
                    Blocker(
                        .gang,
                        "pod group \(group) needs all \(size) members placed at once (\(placed) placed); "
                            + "this pod fits a node, so the gang waits for its other members"
                    )
                ]
            }
            return [Blocker(.queue, "the pod fits a node now and waits for its scheduling cycle")]
        }
        // Nodes that pass every check but device resources: the devices are the blocker.
        let matching = verdicts.filter(\.passesPlacementRules)
        let couldHold = matching.filter(\.couldEverFit)
        if !couldHold.isEmpty, matching.allSatisfy(\.blockedOnlyByDevices) {
            let held = couldHold.map { "\($0.name) (\($0.deviceHolders))" }.joined(separator: "; ")
            return [Blocker(.devices, "every matching node's devices are held: \(held)")]
        }
        return [Blocker(.nodes, Self.unschedulableMessage(verdicts))]
    }

    /// The smallest changes that would let the pod be placed, smallest first.
    private func placementSuggestions(_ pod: Pod, verdicts: [NodeVerdict]) -> [String] {
        var cordoned: [String] = []
        var labels: [(count: Int, text: String)] = []
        var tolerations: [String] = []
        var waits: [(count: Int, text: String)] = []
        var lower: [String] = []
        for verdict in verdicts where !verdict.fits {
            let failing = Set(verdict.checks.filter { !$0.ok }.map(\.check))
            if failing == ["schedulable"] {
                cordoned.append("uncordon node \(verdict.name) (it has room for the pod)")
            } else if failing == ["selector"], !verdict.missingLabels.isEmpty {
                let list = verdict.missingLabels.joined(separator: ", ")
                labels.append(
                    (verdict.missingLabels.count, "add label \(list) to node \(verdict.name) (it has room for the pod)")
                )
            } else if failing == ["taints"] {
                tolerations.append("tolerate the taints of node \(verdict.name): \(verdict.untoleratedTaints)")
            } else if verdict.passesPlacementRules, let wait = verdict.waitSuggestion(jobOf: jobName) {
                waits.append(wait)
            }
        }
        // Nothing matching could ever hold it: name the largest offer per resource.
        let matching = verdicts.filter(\.passesPlacementRules)
        if !matching.isEmpty, matching.allSatisfy({ !$0.couldEverFit }) {
            lower = NodeVerdict.largestOffers(matching).map { "request at most \($0) (the largest matching node's)" }
        }
        return cordoned + labels.sorted { $0.count < $1.count }.map(\.text) + tolerations
            + waits.sorted { $0.count < $1.count }.map(\.text) + lower
    }

    /// `0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector.`
    /// computed from the verdicts (the first rejecting plugin per node, as a scheduling cycle sees it).
    static func unschedulableMessage(_ verdicts: [NodeVerdict]) -> String {
        guard !verdicts.isEmpty else { return FitError.noNodesAvailable }
        var statuses: [String: Status] = [:]
        for verdict in verdicts {
            if let first = verdict.statuses.first(where: { !$0.isSuccess }) {
                statuses[verdict.name] = first
            }
        }
        return FitError(numAllNodes: verdicts.count, nodeStatuses: statuses).message
    }

    // MARK: - Jobs

    private func pods(of job: Job) -> [Pod] {
        let value = "\(job.metadata.namespace)/\(job.metadata.name)"
        return store.objects(index: JobLabels.podsByJob, value: value).compactMap { $0 as? Pod }.filter { pod in
            pod.metadata.annotations[JobLabels.jobUID] == job.metadata.uid
                || pod.metadata.ownerReferences.contains { $0.uid == job.metadata.uid }
        }
    }

    private func jobName(_ key: PodKey) -> String? {
        guard let pod = store.get(Pod.self, namespace: key.namespace, name: key.name),
            let name = pod.metadata.labels[Self.jobNameLabel]
        else { return nil }
        return "\(pod.metadata.labels[JobLabels.jobNamespace] ?? key.namespace)/\(name)"
    }

    static func isFinished(_ job: Job) -> Bool {
        ["Completed", "Failed", "Canceled"].contains(job.status.phase)
    }

    /// The job's own conditions that say something is wrong, placed by their reason.
    private func jobBlockers(_ job: Job) -> [Blocker] {
        var blockers: [Blocker] = []
        for condition in job.status.conditions {
            let bad =
                (condition.type == "Failed" && condition.status == .true)
                || (condition.type != "Failed" && condition.status == .false)
            guard bad, !condition.message.isEmpty else { continue }
            blockers.append(Blocker(Self.layer(ofReason: condition.reason), condition.message))
        }
        return blockers
    }

    static func layer(ofReason reason: String) -> Blocker.Layer {
        let lower = reason.lowercased()
        if lower.contains("namespace") { return .namespace }
        if lower.contains("instancetype") { return .instanceType }
        if lower.contains("compute") || lower.contains("training") || lower.contains("extension") { return .compute }
        if lower.contains("gang") { return .gang }
        if lower.contains("device") { return .devices }
        if lower.contains("manifest") || lower.contains("input") { return .manifest }
        return .nodes
    }

    /// Other instance types whose pod would fit a node now, for a job whose pods wait.
    private func instanceTypeSuggestions(_ job: Job, pods: [Pod]) -> [String] {
        guard let sample = pods.first(where: { $0.spec.nodeName.isEmpty && $0.metadata.deletionTimestamp == nil })
        else { return [] }
        let current = sample.metadata.annotations["skiff.dev/instance-type"] ?? job.spec.instanceType
        let currentType = current.flatMap { store.get(InstanceType.self, name: $0) }
        let types = (try? store.list(InstanceType.self)) ?? []
        var fitting: [(gpus: Int64, text: String)] = []
        for type in types where type.metadata.name != current {
            var pod = sample
            for key in currentType?.spec.nodeSelector.keys.sorted() ?? [] {
                pod.spec.nodeSelector[key] = nil
            }
            pod.spec.nodeSelector.merge(type.spec.nodeSelector) { _, new in new }
            for index in pod.spec.containers.indices {
                pod.spec.containers[index].resources =
                    index == 0
                    ? ResourceRequirements(limits: type.spec.resources.limits, requests: type.spec.resources.requests)
                    : ResourceRequirements()
            }
            let nodes = nodeVerdicts(pod).filter(\.fits).map(\.name)
            guard !nodes.isEmpty else { continue }
            let shown = nodes.prefix(3).joined(separator: ", ") + (nodes.count > 3 ? ", …" : "")
            fitting.append((type.spec.resources.gpus, "use instance type \(type.metadata.name) (fits \(shown) now)"))
        }
        return fitting.sorted { $0.gpus > $1.gpus }.map(\.text)
    }

    // MARK: - Encoding

    private func target(_ kind: String, _ namespace: String, _ name: String) -> JSONValue {
        .object(["kind": .string(kind), "namespace": .string(namespace), "name": .string(name)])
    }

    private static func encode(_ suggestions: [String]) -> JSONValue {
        .array(
            suggestions.enumerated().map { index, text in
                .object(["rank": .int(Int64(index + 1)), "change": .string(text)])
            }
        )
    }
}
