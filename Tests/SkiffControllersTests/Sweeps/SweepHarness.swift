import Foundation
import Synchronization
import Testing

@testable import SkiffControllers

/// Metric streams scripted by a test, by trial Job name.
final class ScriptedMetrics: SweepMetricsSource {
    private let streams = Mutex<[String: [Double]]>([:])

    func values(of metric: String, in store: MLflowFileStore) -> [Double] {
        streams.withLock { $0[store.runName] ?? [] }
    }

    /// Appends reports to a trial's stream.
    func report(_ trial: String, _ values: Double...) {
        streams.withLock { $0[trial, default: []] += values }
    }
}

/// A store, a manual clock, the Job and sweep reconcilers driven by hand, and scripted metrics: pods' placement
/// and phases are set directly (no scheduler or node here).
final class SweepHarness {
    let jobs: JobHarness
    let metrics = ScriptedMetrics()
    let reconciler: SweepReconciler

    var store: MemoryStore { jobs.store }
    var clock: ManualClock { jobs.clock }

    init() throws {
        jobs = try JobHarness()
        reconciler = SweepReconciler(
            store: jobs.store,
            clock: jobs.clock,
            configuration: JobReconciler.Configuration(manifestsRoot: jobs.manifestsRoot, stateDir: jobs.stateDir),
            pollInterval: .seconds(2),
            metrics: metrics
        )
    }

    @discardableResult
    func apply(_ text: String, file: String = "jobs/sweep.yml") throws -> [any APIObject] {
        try jobs.apply(text, file: file)
    }

    func sweep(_ name: String) throws -> Job { try jobs.job(name) }

    func status(_ name: String) throws -> SweepStatus { try #require(try sweep(name).status.sweep) }

    /// Reconciles the sweep, then every trial with the Job controller, then the sweep again (as the trials'
    /// changes would wake it).
    @discardableResult
    func run(_ name: String) throws -> ReconcileResult {
        try reconcileSweep(name)
        for trial in trials(of: name) { try jobs.reconcile(trial.metadata.name) }
        return try reconcileSweep(name)
    }

    @discardableResult
    func reconcileSweep(_ name: String) throws -> ReconcileResult {
        try reconciler.reconcile(ObjectKey(Job.resource.groupKind, namespace: "default", name: name))
    }

    /// The sweep's trial Jobs, by index.
    func trials(of sweep: String) -> [Job] {
        store.objects(index: SweepLabels.jobsBySweep, value: "default/\(sweep)").compactMap { $0 as? Job }
            .sorted { index($0) < index($1) }
    }

    private func index(_ trial: Job) -> Int {
        Int(trial.metadata.labels[SweepLabels.trial] ?? "") ?? 0
    }

    /// The trials that are not over.
    func activeTrials(of sweep: String) -> [Job] {
        trials(of: sweep).filter { !$0.status.isFinished }
    }

    /// Puts every pod of `trial` in `phase` (binding it first) and lets the Job controller see it.
    func setTrial(_ trial: String, _ phase: PodPhase, exitCode: Int32 = 0) throws {
        for pod in jobs.pods(of: trial) {
            if pod.spec.nodeName.isEmpty { try jobs.bind(pod) }
            try jobs.setPhase(pod, phase, exitCode: exitCode)
        }
        try jobs.reconcile(trial)
    }

    /// Lets the Job controller act on a cancel (pods deleted) and the sweep see the result.
    func settleCancels(_ sweep: String) throws {
        // The Job controller deletes the pods, then sees them gone.
        for _ in 0..<2 {
            for trial in trials(of: sweep) { try jobs.reconcile(trial.metadata.name) }
        }
        try reconcileSweep(sweep)
    }

    /// A sweep document over `y = x` with the given extra top-level YAML.
    static func sweep(
        _ name: String = "tune",
        searchSpace: String = "  x: {type: uniform, min_value: 0, max_value: 1}",
        sampling: String = "random",
        goal: String = "maximize",
        limits: String = "{max_total_trials: 4, max_concurrent_trials: 2}",
        extra: String = ""
    ) -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
        name: \(name)
        type: sweep
        trial:
          command: python train.py --x ${{search_space.x}}
          environment: {image: python:3.11}
        sampling_algorithm: \(sampling)
        search_space:
        \(searchSpace)
        objective: {goal: \(goal), primary_metric: accuracy}
        limits: \(limits)
        \(extra)
        """
    }
}
