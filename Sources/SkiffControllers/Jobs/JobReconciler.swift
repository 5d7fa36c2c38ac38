import Foundation

/// Runs Azure ML command jobs as pods (issue 4 §5): resolves the compute and instance type, refuses at once what
/// can never run (with the reason), creates `instance_count` pods with the distribution's environment, and keeps
/// the job's status — `Queued`, `Starting`, `Running`, `Completed`, `Failed`, `Canceling`, `Canceled` — in step
/// with them. Handles `limits.timeout` (via the injected clock) and `status.cancelRequested`.
///
/// Level-based: each reconcile re-reads the job, its pods (by the `pods-by-job` index) and its surroundings.
/// A job refused because of its surroundings (compute, instance type, nodes) is looked at again when those
/// change and runs once they allow; a job that ran and failed, completed, timed out or was canceled stays so.
public struct JobReconciler: Reconciler {
    /// Where the job's files are.
    public struct Configuration: Sendable {
        /// The manifests folder; `code` is relative to the folder of the job's manifest file inside it.
        public var manifestsRoot: String {
            get { currentManifestsRoot?() ?? fixedManifestsRoot }
            set {
                fixedManifestsRoot = newValue
                currentManifestsRoot = nil
            }
        }
        private var fixedManifestsRoot: String
        /// Where the folder is now, when a reload can move it (the daemon's loader).
        private var currentManifestsRoot: (@Sendable () -> String)?
        /// The daemon's state dir: each job's folder is `<stateDir>/jobs/<namespace>/<name>` (MPI hostfile,
        /// outputs). Empty: a `skiff` folder in the temporary directory.
        public var stateDir: String

        public init(
            manifestsRoot: String = "",
            stateDir: String = "",
            currentManifestsRoot: (@Sendable () -> String)? = nil
        ) {
            self.fixedManifestsRoot = manifestsRoot
            self.currentManifestsRoot = currentManifestsRoot
            self.stateDir = stateDir
        }

        /// `<stateDir>/jobs/<namespace>/<name>`.
        public func jobDirectory(namespace: String, name: String) -> String {
            let root = stateDir.isEmpty ? NSTemporaryDirectory() + "skiff" : stateDir
            return URL(fileURLWithPath: root).appendingPathComponent("jobs/\(namespace)/\(name)").path
        }
    }

    public let store: any ObjectStore
    public let clock: any Clock
    public let configuration: Configuration

    /// Registers the `pods-by-job` index on `store`.
    public init(store: any ObjectStore, clock: any Clock, configuration: Configuration = Configuration()) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        store.addIndex(
            IndexDefinition(
                name: JobLabels.podsByJob,
                groupKind: Pod.resource.groupKind,
                values: JobLabels.jobIndexValues
            )
        )
    }

    public func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        // Only pods this controller made (they carry the job's uid); a declared pod that merely has the label is
        // left alone.
        let pods = store.objects(index: JobLabels.podsByJob, value: "\(key.namespace)/\(key.name)")
            .compactMap { $0 as? Pod }.filter {
                $0.metadata.annotations[JobLabels.jobUID] != nil
                    && $0.metadata.annotations[ManifestLoader.sourceAnnotation] == nil
            }
        guard let job = store.get(key) as? Job else {
            // Pods with an owner reference are the garbage collector's; those in another namespace have none.
            try delete(pods.filter { $0.metadata.ownerReferences.isEmpty })
            return .done
        }
        // A sweep has no pods of its own: the sweep controller runs it (its trials are command jobs).
        if job.spec.type == .sweep { return .done }
        let mine = pods.filter { $0.metadata.annotations[JobLabels.jobUID] == job.metadata.uid }
        // Pods of an older job of the same name.
        try delete(pods.filter { $0.metadata.annotations[JobLabels.jobUID] != job.metadata.uid })
        guard job.metadata.deletionTimestamp == nil else { return .done }
        var status = job.status
        let result = try step(job, pods: mine, status: &status)
        try StatusWriter.write(job, store: store) { $0.status = status }
        return result
    }

    // MARK: - Steps

    private func step(_ job: Job, pods: [Pod], status: inout Job.Status) throws -> ReconcileResult {
        let now = clock.timestamp
        if status.isFinished {
            guard status.phaseValue == .failed, isRevisable(status), status.cancelRequested == nil else {
                try stopLive(pods)
                let current = pods.filter { $0.metadata.labels[JobLabels.attempt] == String(max(status.attempt, 1)) }
                status.pods = JobStatusCalculator.observe(current, instanceCount: job.spec.instanceCount).counts
                return .done
            }
            // Refused for its surroundings: look again; run when they now allow it.
            guard let plan = try? JobPodBuilder.plan(job, store: store, clock: clock, configuration: configuration),
                !fitVerdict(plan: plan).isNever
            else {
                _ = try resolve(job, pods: pods, status: &status, now: now)
                return .done
            }
            revive(&status, hadPods: !pods.isEmpty)
        }
        let attempt = max(status.attempt, 1)
        let current = pods.filter { $0.metadata.labels[JobLabels.attempt] == String(attempt) }
        if status.cancelRequested != nil {
            try stopLive(pods)
            let remaining = pods.filter { !($0.status.phase?.isTerminal ?? false) }
            status.pods = JobStatusCalculator.observe(current, instanceCount: job.spec.instanceCount).counts
            if remaining.isEmpty {
                status.phase = Job.Phase.canceled.rawValue
                status.message = "canceled"
                status.endTime = status.endTime ?? now
            } else {
                status.phase = Job.Phase.canceling.rawValue
                status.message = "stopping \(remaining.count) pod(s)"
            }
            return .done
        }
        if let timeout = job.spec.limits.timeout, let start = status.startTime,
            now.seconds >= start.seconds + timeout
        {
            try stopLive(pods)
            let message = "the job ran longer than its limits.timeout of \(timeout)s"
            fail(&status, reason: "Timeout", message: message, now: now)
            status.pods = JobStatusCalculator.observe(current, instanceCount: job.spec.instanceCount).counts
            return .done
        }
        status.attempt = attempt
        if let restarted = try restartAfterPreemption(job, pods: pods, current: current, status: &status, now: now) {
            return restarted
        }
        var live = current
        if current.count < job.spec.instanceCount && !current.contains(where: { $0.status.phase == .failed }) {
            guard let plan = try resolve(job, pods: pods, status: &status, now: now) else { return .done }
            live = try createMissing(job, plan: plan, existing: current, attempt: attempt)
        } else if !current.isEmpty && current.contains(where: { $0.spec.nodeName.isEmpty }) {
            // Pods wait for a node: re-judged as nodes come and go.
            if let message = neverFits(pod: current[0]) {
                try stopLive(pods)
                setFits(&status, .never(message), now: now)
                fail(&status, reason: "Unschedulable", message: message, now: now)
                return .done
            }
        }
        return try observe(job, pods: live, status: &status, now: now)
    }

    /// The job's plan, or nil when the job is refused (it cannot run as declared, or can never fit): then the
    /// status says why and its pods are stopped.
    private func resolve(_ job: Job, pods: [Pod], status: inout Job.Status, now: Timestamp) throws -> JobPlan? {
        let plan: JobPlan
        do {
            plan = try JobPodBuilder.plan(job, store: store, clock: clock, configuration: configuration)
        } catch let error as JobRefusal {
            try stopLive(pods)
            status.conditions.set(
                Condition(type: "Resolved", status: .false, reason: error.reason, message: error.message),
                now: now
            )
            fail(&status, reason: error.reason, message: error.message, now: now)
            return nil
        }
        status.conditions.set(
            Condition(type: "Resolved", status: .true, reason: "Resolved", message: plan.summary),
            now: now
        )
        let verdict = fitVerdict(plan: plan)
        setFits(&status, verdict, now: now)
        if case .never(let message) = verdict {
            try stopLive(pods)
            fail(&status, reason: "Unschedulable", message: message, now: now)
            return nil
        }
        return plan
    }

    /// Brings a job refused for its surroundings back to `Queued`, with a new attempt when pods were made.
    private func revive(_ status: inout Job.Status, hadPods: Bool) {
        let attempt = max(status.attempt, 1)
        status.phase = Job.Phase.queued.rawValue
        status.message = ""
        status.endTime = nil
        status.conditions.removeAll { $0.type == "Failed" }
        status.attempt = hadPods || status.pods.total > 0 ? attempt + 1 : attempt
    }

    private func observe(_ job: Job, pods: [Pod], status: inout Job.Status, now: Timestamp) throws -> ReconcileResult {
        let observation = JobStatusCalculator.observe(pods, instanceCount: job.spec.instanceCount)
        status.pods = observation.counts
        switch observation.phase {
        case .failed:
            try stopLive(pods)
            fail(&status, reason: "PodFailed", message: observation.failure ?? "a pod failed", now: now)
            return .done
        case .completed:
            status.phase = Job.Phase.completed.rawValue
            status.message = "all \(job.spec.instanceCount) pod(s) succeeded"
            status.startTime = status.startTime ?? observation.earliestStart ?? now
            status.endTime = status.endTime ?? now
            return .done
        case .running:
            status.phase = Job.Phase.running.rawValue
            status.message = ""
            status.startTime = status.startTime ?? now
        case .starting:
            status.phase = Job.Phase.starting.rawValue
            status.message = "\(observation.counts.running) of \(job.spec.instanceCount) pod(s) running"
        default:
            status.phase = Job.Phase.queued.rawValue
            status.message = "waiting for \(job.isGang ? "a place for all \(job.spec.instanceCount) pods" : "a node")"
        }
        if let timeout = job.spec.limits.timeout, let start = status.startTime {
            let remaining = start.seconds + timeout - now.seconds
            return .requeueAfter(.seconds(max(remaining, 0)))
        }
        return .done
    }

    // MARK: - Preemption

    /// How many times a job is restarted after its pods were preempted, unless the job's
    /// `skiff.dev/max-preemption-retries` annotation says otherwise.
    static let defaultPreemptionRetries = 3

    /// When a pod of the current attempt failed because its node was preempted and the job's retry budget allows,
    /// stops the attempt's other pods (a gang restarts whole) and starts the next attempt. The retries used are
    /// the attempts whose pods were preempted (finished pods stay, so this survives a restart of the daemon).
    private func restartAfterPreemption(
        _ job: Job,
        pods: [Pod],
        current: [Pod],
        status: inout Job.Status,
        now: Timestamp
    ) throws -> ReconcileResult? {
        guard current.contains(where: Self.wasPreempted) else { return nil }
        let budget = job.metadata.annotations["skiff.dev/max-preemption-retries"].flatMap { Int($0) }
            ?? Self.defaultPreemptionRetries
        let used = Set(pods.filter(Self.wasPreempted).compactMap { $0.metadata.labels[JobLabels.attempt] }).count
        guard used <= budget else {
            status.conditions.set(
                Condition(
                    type: "Restarted",
                    status: .false,
                    reason: "RetryBudgetExhausted",
                    message: "preempted \(used) times; the retry budget is \(budget)"
                ),
                now: now
            )
            return nil
        }
        try stopLive(current)
        status.attempt = max(status.attempt, 1) + 1
        status.phase = Job.Phase.queued.rawValue
        status.message = "restarting after preemption (retry \(used) of \(budget))"
        status.pods = JobStatusCalculator.observe(current, instanceCount: job.spec.instanceCount).counts
        status.conditions.set(
            Condition(
                type: "Restarted",
                status: .true,
                reason: "Preempted",
                message: "restarted after preemption: \(used) of \(budget) retries used"
            ),
            now: now
        )
        // The status write brings the job back, and the next attempt's pods are created then.
        return .done
    }

    private static func wasPreempted(_ pod: Pod) -> Bool {
        pod.status.phase == .failed && pod.status.reason == "Preempted"
    }

    // MARK: - Helpers

    private func fail(_ status: inout Job.Status, reason: String, message: String, now: Timestamp) {
        status.phase = Job.Phase.failed.rawValue
        status.message = message
        status.endTime = status.endTime ?? now
        status.conditions.set(Condition(type: "Failed", status: .true, reason: reason, message: message), now: now)
    }

    private func isRevisable(_ status: Job.Status) -> Bool {
        guard let failed = status.conditions[type: "Failed"], failed.status == .true else { return false }
        return JobRefusal.revisable.contains(failed.reason)
    }

    private func setFits(_ status: inout Job.Status, _ verdict: FitVerdict, now: Timestamp) {
        let condition: Condition
        switch verdict {
        case .fits(let nodes):
            condition = Condition(type: "Fits", status: .true, reason: "Fits", message: fitsMessage(nodes))
        case .undecided:
            condition = Condition(type: "Fits", status: .unknown, reason: "NoNodes", message: "no node is known yet")
        case .never(let message):
            condition = Condition(type: "Fits", status: .false, reason: "Unschedulable", message: message)
        }
        status.conditions.set(condition, now: now)
    }

    /// Whether the plan's pods could ever fit a node that exists or that its compute cluster could add.
    private func fitVerdict(plan: JobPlan) -> FitVerdict {
        ShortfallAnalyzer.verdict(
            requests: plan.instanceType.spec.resources.requests,
            nodeSelector: plan.nodeSelector,
            in: store,
            wording: .job
        )
    }

    /// For a pod already created: the shortfall when it can never fit, else nil.
    private func neverFits(pod: Pod) -> String? {
        let verdict = ShortfallAnalyzer.verdict(
            requests: pod.effectiveRequests,
            nodeSelector: pod.spec.nodeSelector,
            in: store,
            wording: .job
        )
        if case .never(let message) = verdict { return message }
        return nil
    }

    private func fitsMessage(_ nodes: [String]) -> String {
        let shown = nodes.prefix(10).joined(separator: ", ")
        return nodes.count > 10 ? "fits \(shown) and \(nodes.count - 10) more" : "fits \(shown)"
    }

    /// Creates the pods of `attempt` that do not exist yet; returns all of them.
    private func createMissing(_ job: Job, plan: JobPlan, existing: [Pod], attempt: Int) throws -> [Pod] {
        let names = Set(existing.map(\.metadata.name))
        prepareFiles(job, plan: plan, attempt: attempt)
        var all = existing
        for pod in JobPodBuilder.pods(for: job, plan: plan, attempt: attempt) where !names.contains(pod.metadata.name) {
            // A pod of that name still terminating throws AlreadyExists: the controller retries with backoff.
            all.append(try store.create(pod))
        }
        return all
    }

    /// The job's folder, output folders and MPI hostfile; best effort (a plan run has no writable state dir, and
    /// a missing file shows up in the process's own error).
    private func prepareFiles(_ job: Job, plan: JobPlan, attempt: Int) {
        let files = FileManager.default
        for folder in plan.outputs.values {
            try? files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        guard let hostfile = plan.hostfile else { return }
        try? files.createDirectory(atPath: plan.jobDirectory, withIntermediateDirectories: true)
        let names = (0..<job.spec.instanceCount).map {
            JobPodBuilder.podName(job: job.metadata.name, instance: $0, attempt: attempt)
        }
        try? DistributionEnvironment.hostfile(of: job, podNames: names)
            .write(toFile: hostfile, atomically: true, encoding: .utf8)
    }

    /// Deletes pods that still run or wait (finished pods stay, for their logs and exit codes).
    private func stopLive(_ pods: [Pod]) throws {
        try delete(pods.filter { !($0.status.phase?.isTerminal ?? false) && $0.metadata.deletionTimestamp == nil })
    }

    private func delete(_ pods: [Pod]) throws {
        for pod in pods {
            let result = Result { () throws(StoreError) -> DeleteResult in try store.delete(pod.key) }
            if case .failure(let error) = result, error.reason != .notFound { throw error }
        }
    }
}
