import Foundation

/// Runs Azure ML sweep jobs (`type: sweep`, issue 9): samples each trial's hyperparameters, runs the trials as
/// command Jobs `<sweep>-<index>` (which the Job controller turns into pods that queue through the scheduler like
/// any job), never more than `max_concurrent_trials` at once and `max_total_trials` in all; reads the primary
/// metric each trial logs to its MLflow file store; stops trials by the early-termination policy, by
/// `trial_timeout`, and all of them by `timeout` or a cancel; and keeps the sweep's status — trials by state, each
/// trial's parameters, metric and fate, the best trial — with Azure ML's status names.
///
/// Level-based: each reconcile re-reads the sweep, its trials (by the `jobs-by-sweep` index) and their metric
/// files. A trial's parameters are a pure function of the sweep and its index (``SweepSampler``), and what
/// stopped a trial is kept on the trial (its `Stopped` condition), so nothing is lost when a status write is.
public struct SweepReconciler: Reconciler {
    public let store: any ObjectStore
    public let clock: any Clock
    public let configuration: JobReconciler.Configuration
    /// How often running trials' metric files are read while a trial runs on the local node.
    public let pollInterval: Duration
    let metrics: any SweepMetricsSource

    /// Registers the `jobs-by-sweep` index on `store`.
    public init(
        store: any ObjectStore,
        clock: any Clock,
        configuration: JobReconciler.Configuration = JobReconciler.Configuration(),
        pollInterval: Duration = .seconds(2)
    ) {
        self.init(store: store, clock: clock, configuration: configuration, pollInterval: pollInterval,
                  metrics: MLflowMetricsSource())
    }

    init(
        store: any ObjectStore,
        clock: any Clock,
        configuration: JobReconciler.Configuration,
        pollInterval: Duration,
        metrics: any SweepMetricsSource
    ) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.pollInterval = pollInterval
        self.metrics = metrics
        store.addIndex(
            IndexDefinition(
                name: SweepLabels.jobsBySweep,
                groupKind: Job.resource.groupKind,
                values: SweepLabels.sweepIndexValues
            )
        )
    }

    public func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        let trials = store.objects(index: SweepLabels.jobsBySweep, value: "\(key.namespace)/\(key.name)")
            .compactMap { $0 as? Job }
        guard let sweep = store.get(key) as? Job, sweep.spec.type == .sweep else {
            // The sweep is gone: its trials go too (the garbage collector handles pods only).
            if store.get(key) == nil { try delete(trials) }
            return .done
        }
        // Trials of an older sweep of the same name.
        try delete(trials.filter { $0.metadata.annotations[SweepLabels.sweepUID] != sweep.metadata.uid })
        guard sweep.metadata.deletionTimestamp == nil else { return .done }
        let mine = trials.filter { $0.metadata.annotations[SweepLabels.sweepUID] == sweep.metadata.uid }
        var status = sweep.status
        let result = try step(sweep, trials: mine, status: &status)
        try StatusWriter.write(sweep, store: store) { $0.status = status }
        return result
    }

    // MARK: - Steps

    private func step(_ sweep: Job, trials: [Job], status: inout Job.Status) throws -> ReconcileResult {
        let now = clock.timestamp
        let sampler: SweepSampler
        let policy: SweepEarlyTermination?
        do {
            sampler = try SweepSampler.make(for: sweep)
            policy = try sweep.spec.earlyTermination.map { value throws(SweepSpecError) in
                try SweepEarlyTermination.parse(value)
            }
            guard sweep.spec.trial != nil, sweep.spec.objective != nil else {
                throw SweepSpecError("the sweep needs a trial and an objective")
            }
        } catch {
            try stop(trials, reason: "SweepCanceled", message: "the sweep was refused", now: now)
            fail(&status, reason: "InvalidSweep", message: (error as? SweepSpecError)?.message ?? "\(error)", now: now)
            return .done
        }
        if status.phaseValue == .failed, status.conditions[type: "Failed"]?.reason == "InvalidSweep" {
            // Refused before, runnable now (its file was fixed): start over.
            status.phase = ""
            status.message = ""
            status.endTime = nil
            status.conditions.removeAll { $0.type == "Failed" }
        }
        let objective = sweep.spec.objective ?? SweepObjective(goal: "maximize", primaryMetric: "")
        let maximize = objective.goal.lowercased() == "maximize"
        var sweepStatus = status.sweep ?? SweepStatus()
        sweepStatus.totalTrials = sampler.totalTrials
        var records = Dictionary(sweepStatus.trials.map { ($0.index, $0) }, uniquingKeysWith: { $1 })
        var byIndex: [Int: Job] = [:]
        for trial in trials {
            guard let index = trial.metadata.labels[SweepLabels.trial].flatMap(Int.init) else { continue }
            byIndex[index] = trial
        }
        // Observe: each trial's phase, metric and fate.
        var histories: [Int: [Double]] = [:]
        for (index, trial) in byIndex {
            var record = records[index]
                ?? SweepTrialStatus(
                    index: index,
                    name: trial.metadata.name,
                    parameters: sampler.parameters(trial: index)
                )
            record.phase = trial.status.phase.isEmpty ? Job.Phase.queued.rawValue : trial.status.phase
            let values = metrics.values(
                of: objective.primaryMetric,
                in: TrialJobBuilder.fileStore(sweep: sweep, index: index, configuration: configuration)
            )
            if !values.isEmpty && values.count >= record.intervals {
                let evaluator = EarlyTerminationEvaluator(
                    policy: policy ?? SweepEarlyTermination(policy: .medianStopping),
                    maximize: maximize
                )
                record.intervals = values.count
                record.bestMetric = evaluator.best(values)
                record.lastMetric = values.last
            }
            histories[index] = values
            if let stopped = trial.status.conditions[type: SweepLabels.stoppedCondition], stopped.status == .true {
                record.stoppedBy = SweepLabels.stoppedBy[stopped.reason] ?? stopped.reason
                record.stopReason = stopped.message
            }
            records[index] = record
        }
        // A trial whose Job vanished before it finished (deleted by hand) counts as canceled.
        for (index, record) in records where byIndex[index] == nil && !record.isFinished {
            records[index]?.phase = Job.Phase.canceled.rawValue
        }
        var requeue: [Duration] = []
        let active = byIndex.filter { !($0.value.status.isFinished) && $0.value.status.cancelRequested == nil }
        let timedOut = sweep.spec.limits.timeout.flatMap { timeout -> String? in
            guard let start = status.startTime else { return nil }
            if now.seconds >= start.seconds + timeout {
                return "the sweep ran longer than its limits.timeout of \(timeout)s"
            }
            requeue.append(.seconds(start.seconds + timeout - now.seconds))
            return nil
        }
        if status.cancelRequested != nil || timedOut != nil || status.conditions[type: "TimedOut"]?.status == .true {
            // Canceled, by a user or by the sweep's timeout: stop every trial, then end as Canceled.
            let timeout = timedOut ?? status.conditions[type: "TimedOut"]?.message
            if let timeout {
                status.conditions.set(
                    Condition(type: "TimedOut", status: .true, reason: "SweepTimeout", message: timeout),
                    now: now
                )
            }
            for (index, trial) in active {
                try stop(
                    [trial],
                    reason: timeout == nil ? "SweepCanceled" : "SweepTimeout",
                    message: timeout ?? "the sweep was canceled",
                    now: now
                )
                records[index]?.stoppedBy = timeout == nil ? "canceled" : "timeout"
                records[index]?.stopReason = timeout ?? "the sweep was canceled"
            }
            finish(&sweepStatus, records: records, maximize: maximize)
            let live = byIndex.values.filter { !$0.status.isFinished }
            if live.isEmpty {
                status.phase = Job.Phase.canceled.rawValue
                status.message = timeout ?? "canceled"
                status.endTime = status.endTime ?? now
            } else {
                status.phase = Job.Phase.canceling.rawValue
                status.message = "stopping \(live.count) trial(s)"
            }
            status.sweep = sweepStatus
            return .done
        }
        if status.isFinished {
            finish(&sweepStatus, records: records, maximize: maximize)
            status.sweep = sweepStatus
            return .done
        }
        // Limits and the early-termination policy, on running trials.
        let finishedIndexes = Set(byIndex.filter { $0.value.status.isFinished }.map(\.key))
        for (index, trial) in active.sorted(by: { $0.key < $1.key }) {
            if let limit = sweep.spec.limits.trialTimeout, let start = trial.status.startTime {
                if now.seconds >= start.seconds + limit {
                    let message = "the trial ran longer than limits.trial_timeout of \(limit)s"
                    try stop([trial], reason: "TrialTimeout", message: message, now: now)
                    records[index]?.stoppedBy = "trial_timeout"
                    records[index]?.stopReason = message
                    continue
                }
                requeue.append(.seconds(start.seconds + limit - now.seconds))
            }
            guard let policy, var record = records[index], record.intervals > record.evaluatedInterval else { continue }
            let evaluator = EarlyTerminationEvaluator(policy: policy, maximize: maximize)
            for interval in (record.evaluatedInterval + 1)...record.intervals {
                guard
                    let why = evaluator.evaluate(
                        trial: index,
                        interval: interval,
                        histories: histories,
                        finished: finishedIndexes
                    )
                else { continue }
                try stop([trial], reason: SweepLabels.reason(of: policy.policy), message: why, now: now)
                record.stoppedBy = policy.policy.typeName
                record.stopReason = why
                break
            }
            record.evaluatedInterval = record.intervals
            records[index] = record
        }
        // Start trials: the lowest indexes not started yet, while fewer than max_concurrent_trials are active.
        let limit = sweep.spec.limits.maxConcurrentTrials ?? sampler.totalTrials
        var running = byIndex.values.filter { !$0.status.isFinished }.count
        var next = 0
        while running < limit {
            while records[next] != nil || byIndex[next] != nil { next += 1 }
            guard next < sampler.totalTrials else { break }
            let parameters = sampler.parameters(trial: next)
            let fileStore = TrialJobBuilder.fileStore(sweep: sweep, index: next, configuration: configuration)
            let trial: Job
            do {
                trial = try TrialJobBuilder.trial(
                    of: sweep,
                    index: next,
                    parameters: parameters,
                    store: fileStore,
                    configuration: configuration
                )
            } catch {
                let message = (error as? SweepSpecError)?.message ?? (error as? JobRefusal)?.message ?? "\(error)"
                try stop(trials, reason: "SweepCanceled", message: "the sweep was refused", now: now)
                fail(&status, reason: "InvalidSweep", message: message, now: now)
                return .done
            }
            if let existing = store.get(trial.key) {
                // Not ours (ours would be in the index under this sweep's uid).
                fail(
                    &status,
                    reason: "NameConflict",
                    message: "trial \(trial.metadata.name) cannot be created: a Job of that name exists "
                        + "(uid \(existing.metadata.uid)) that is not a trial of this sweep",
                    now: now
                )
                status.sweep = sweepStatus
                return .done
            }
            // Best effort: a plan run's scratch folder may refuse it, and a script without MLflow needs none.
            try? fileStore.create(now: now)
            let created = try store.create(trial)
            byIndex[next] = created
            records[next] = SweepTrialStatus(
                index: next,
                name: created.metadata.name,
                parameters: parameters,
                phase: Job.Phase.queued.rawValue
            )
            status.startTime = status.startTime ?? now
            if let timeout = sweep.spec.limits.timeout, let start = status.startTime {
                requeue.append(.seconds(start.seconds + timeout - now.seconds))
            }
            running += 1
        }
        finish(&sweepStatus, records: records, maximize: maximize)
        status.sweep = sweepStatus
        outcome(&status, sweep: sweep, total: sampler.totalTrials, objective: objective, now: now)
        if !status.isFinished && pollsMetrics(byIndex.values.filter { !$0.status.isFinished }) {
            requeue.append(pollInterval)
        }
        if status.isFinished { return .done }
        return requeue.min().map { .requeueAfter(max($0, .zero)) } ?? .done
    }

    /// The counts, the trial list and the best trial.
    private func finish(_ sweepStatus: inout SweepStatus, records: [Int: SweepTrialStatus], maximize: Bool) {
        let trials = records.values.sorted { $0.index < $1.index }
        var counts = SweepTrialCounts()
        for trial in trials {
            switch Job.Phase(rawValue: trial.phase) ?? .queued {
            case .queued: counts.queued += 1
            case .starting, .running: counts.running += 1
            case .completed: counts.completed += 1
            case .failed: counts.failed += 1
            case .canceling, .canceled: counts.canceled += 1
            }
        }
        sweepStatus.counts = counts
        sweepStatus.trials = trials
        var best: SweepTrialStatus?
        for trial in trials {
            guard let metric = trial.bestMetric else { continue }
            if let current = best?.bestMetric, !(maximize ? metric > current : metric < current) { continue }
            best = trial
        }
        sweepStatus.bestTrial = best?.index
    }

    /// The sweep's phase and message from its trials: `Completed` once every trial ran (some completed or were
    /// stopped early), `Failed` when every trial failed; else `Running` while a trial runs, `Queued` before.
    private func outcome(
        _ status: inout Job.Status,
        sweep: Job,
        total: Int,
        objective: SweepObjective,
        now: Timestamp
    ) {
        guard let sweepStatus = status.sweep else { return }
        let counts = sweepStatus.counts
        var best = ""
        if let trial = sweepStatus.best, let metric = trial.bestMetric {
            best = "; best \(trial.name) \(objective.primaryMetric)=\(EarlyTerminationEvaluator.format(metric))"
        }
        let created = sweepStatus.trials.count
        if created >= total && counts.active == 0 {
            let summary = "\(total) trial(s): \(counts.completed) completed, \(counts.canceled) canceled, "
                + "\(counts.failed) failed"
            if counts.failed == total {
                fail(&status, reason: "TrialsFailed", message: "every trial failed (\(summary))", now: now)
                return
            }
            status.phase = Job.Phase.completed.rawValue
            status.message = summary + best
            status.endTime = status.endTime ?? now
            status.conditions.set(
                Condition(type: "Complete", status: .true, reason: "TrialsDone", message: summary),
                now: now
            )
            return
        }
        let started = counts.running > 0 || counts.finished > 0
        status.phase = started ? Job.Phase.running.rawValue : Job.Phase.queued.rawValue
        status.message = "\(counts.finished)/\(total) trials done, \(counts.running) running, \(counts.queued) queued"
            + best
    }

    private func fail(_ status: inout Job.Status, reason: String, message: String, now: Timestamp) {
        status.phase = Job.Phase.failed.rawValue
        status.message = message
        status.endTime = status.endTime ?? now
        status.conditions.set(Condition(type: "Failed", status: .true, reason: reason, message: message), now: now)
    }

    /// Asks the Job controller to cancel each trial still running, with a `Stopped` condition saying why.
    private func stop(_ trials: [Job], reason: String, message: String, now: Timestamp) throws {
        for trial in trials where !trial.status.isFinished && trial.status.cancelRequested == nil {
            try StatusWriter.write(trial, store: store) { job in
                job.status.cancelRequested = now
                job.status.conditions.set(
                    Condition(type: SweepLabels.stoppedCondition, status: .true, reason: reason, message: message),
                    now: now
                )
            }
        }
    }

    /// Whether some of `trials` runs a pod on the local node, whose processes write metric files as they go.
    private func pollsMetrics(_ trials: [Job]) -> Bool {
        trials.contains { trial in
            store.objects(index: JobLabels.podsByJob, value: "\(trial.metadata.namespace)/\(trial.metadata.name)")
                .contains { pod in
                    guard let pod = pod as? Pod, !pod.spec.nodeName.isEmpty,
                        let node = store.get(Node.self, name: pod.spec.nodeName)
                    else { return false }
                    return !NodeProvider.isDeclared(node)
                }
        }
    }

    private func delete(_ jobs: [Job]) throws {
        for job in jobs {
            let result = Result { () throws(StoreError) -> DeleteResult in try store.delete(job.key) }
            if case .failure(let error) = result, error.reason != .notFound { throw error }
        }
    }
}
