import Foundation
import SkiffYAML
import Testing

@testable import SkiffControllers

/// The sweep controller over a store, a manual clock and scripted metrics: trials as command Jobs, limits,
/// early termination, cancel, timeouts, deletion and the status.
struct SweepControllerTests {
    @Test func theHelloSweepFixtureRunsItsLiteralCommandTwoTrialsAtATime() throws {
        let h = try SweepHarness()
        try h.jobs.applyFixture("job-sweep-hello.yml")
        try h.run("job-sweep-hello")
        var trials = h.trials(of: "job-sweep-hello")
        #expect(trials.map(\.metadata.name) == ["job-sweep-hello-0", "job-sweep-hello-1"])
        let sweep = try h.sweep("job-sweep-hello")
        for trial in trials {
            #expect(trial.spec.type == .command)
            #expect(trial.metadata.ownerReferences.first?.uid == sweep.metadata.uid)
            #expect(trial.metadata.ownerReferences.first?.controller == true)
            let record = try #require(try h.status("job-sweep-hello").trials.first { $0.name == trial.metadata.name })
            let bValue = try #require(record.parameters["B"])
            let b = SweepTrialStatus.text(bValue)
            let cValue = try #require(record.parameters["C"])
            let c = try #require(SweepDistribution.double(cValue))
            #expect(["hello", "world", "hello_world"].contains(b))
            #expect(c >= 0.1 && c <= 1.0)
            let pod = try #require(h.jobs.pods(of: trial.metadata.name).first)
            let container = try #require(pod.spec.containers.first)
            #expect(container.command == ["/bin/sh", "-c", "python hello-sweep.py --A 0.5 --B \(b) --C \(c)"])
            #expect(container.workingDir == "/srv/manifests/jobs/src")
            let env = JobPodTests.env(container)
            let trialDir = h.jobs.stateDir + "/jobs/default/" + trial.metadata.name
            #expect(env["MLFLOW_TRACKING_URI"] == "file://\(trialDir)/mlruns")
            #expect(env["MLFLOW_EXPERIMENT_ID"] == "1")
            let run = try #require(env["MLFLOW_RUN_ID"])
            #expect(run.count == 32 && run.allSatisfy(\.isHexDigit))
            #expect(FileManager.default.fileExists(atPath: "\(trialDir)/mlruns/1/\(run)/meta.yaml"))
            #expect(FileManager.default.fileExists(atPath: "\(trialDir)/mlruns/1/meta.yaml"))
        }
        #expect(try h.sweep("job-sweep-hello").status.phase == "Queued")
        // The trials run, log their metric, and finish; the next ones start as places free up.
        for (index, value) in [0.4, 0.2, 0.9, 0.3].enumerated() {
            let name = "job-sweep-hello-\(index)"
            try h.setTrial(name, .running)
            h.metrics.report(name, value + 0.5, value)
            try h.run("job-sweep-hello")
            #expect(h.activeTrials(of: "job-sweep-hello").count <= 2)
            try h.setTrial(name, .succeeded)
            try h.run("job-sweep-hello")
        }
        trials = h.trials(of: "job-sweep-hello")
        #expect(trials.count == 4 && trials.allSatisfy { $0.status.phase == "Completed" })
        let done = try h.sweep("job-sweep-hello")
        #expect(done.status.phase == "Completed")
        let status = try #require(done.status.sweep)
        #expect(status.counts == SweepTrialCounts(completed: 4))
        #expect(status.bestTrial == 1 && status.best?.bestMetric == 0.2)
        #expect(done.status.message
            == "4 trial(s): 4 completed, 0 canceled, 0 failed; best job-sweep-hello-1 random_metric=0.2")
    }

    @Test func neverMoreThanMaxConcurrentTrialsAreActive() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(limits: "{max_total_trials: 7, max_concurrent_trials: 3}"))
        var finished = 0
        while finished < 7 {
            try h.run("tune")
            let active = h.activeTrials(of: "tune")
            #expect(active.count <= 3)
            #expect(active.count == min(3, 7 - finished))
            // Finish the oldest active trial, alternately completing and failing.
            let first = try #require(active.first)
            try h.setTrial(first.metadata.name, finished % 2 == 0 ? .succeeded : .failed, exitCode: 1)
            finished += 1
        }
        try h.run("tune")
        #expect(h.trials(of: "tune").count == 7)
        let sweep = try h.sweep("tune")
        #expect(sweep.status.phase == "Completed")
        #expect(sweep.status.sweep?.counts == SweepTrialCounts(completed: 4, failed: 3))
    }

    @Test func withoutAConcurrencyLimitEveryTrialStartsAtOnce() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(limits: "{max_total_trials: 5}"))
        try h.run("tune")
        #expect(h.activeTrials(of: "tune").count == 5)
        #expect(try h.status("tune").totalTrials == 5)
    }

    @Test func aBanditPolicyStopsTheHopelessTrialAndSaysWhy() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(
            limits: "{max_total_trials: 3, max_concurrent_trials: 2}",
            extra: "early_termination: {type: bandit, slack_amount: 0.1, evaluation_interval: 1, delay_evaluation: 2}"
        ))
        try h.run("tune")
        try h.setTrial("tune-0", .running)
        try h.setTrial("tune-1", .running)
        h.metrics.report("tune-0", 0.5)
        h.metrics.report("tune-1", 0.3)
        try h.run("tune")
        // Interval 1 is before delay_evaluation 2: nothing stops yet.
        #expect(h.activeTrials(of: "tune").count == 2)
        #expect(try h.status("tune").trials.map(\.evaluatedInterval) == [1, 1])
        h.metrics.report("tune-0", 0.9)
        h.metrics.report("tune-1", 0.35)
        try h.run("tune")
        let stopped = try #require(h.store.get(Job.self, namespace: "default", name: "tune-1"))
        #expect(stopped.status.cancelRequested != nil)
        #expect(stopped.status.conditions[type: "Stopped"]?.reason == "BanditPolicy")
        try h.settleCancels("tune")
        #expect(try h.sweep("tune").status.sweep?.trials[1].phase == "Canceled")
        let record = try #require(try h.status("tune").trials.first { $0.index == 1 })
        #expect(record.stoppedBy == "bandit")
        #expect(record.stopReason
            == "best 0.35 at interval 2 is below 0.8 = 0.9 - slack_amount 0.1 (the best, trial 0)")
        // Its place goes to the next trial; the leader runs on.
        try h.run("tune")
        #expect(h.activeTrials(of: "tune").map(\.metadata.name) == ["tune-0", "tune-2"])
        let status = try h.status("tune")
        #expect(status.bestTrial == 0 && status.best?.bestMetric == 0.9)
        #expect(status.counts == SweepTrialCounts(queued: 1, running: 1, canceled: 1))
    }

    @Test func aTruncationPolicyRanksTheTrialsAtTheSameInterval() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(
            goal: "minimize",
            limits: "{max_total_trials: 4}",
            extra: "early_termination: {type: truncation_selection, truncation_percentage: 25}"
        ))
        try h.run("tune")
        for (index, loss) in [0.4, 0.9, 0.2, 0.5].enumerated() {
            try h.setTrial("tune-\(index)", .running)
            h.metrics.report("tune-\(index)", loss)
        }
        try h.run("tune")
        try h.settleCancels("tune")
        let status = try h.status("tune")
        #expect(status.trials.filter { $0.stoppedBy != nil }.map(\.index) == [1])
        #expect(status.trials[1].stoppedBy == "truncation_selection")
        #expect(status.bestTrial == 2)
    }

    @Test func aMedianPolicyStopsTrialsBelowTheMedian() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(
            limits: "{max_total_trials: 3}",
            extra: "early_termination: {type: median_stopping, evaluation_interval: 1, delay_evaluation: 1}"
        ))
        try h.run("tune")
        for index in 0..<3 { try h.setTrial("tune-\(index)", .running) }
        h.metrics.report("tune-0", 0.8)
        h.metrics.report("tune-1", 0.6)
        h.metrics.report("tune-2", 0.1)
        try h.run("tune")
        let status = try h.status("tune")
        #expect(status.trials.map { $0.stoppedBy ?? "-" } == ["-", "-", "median_stopping"])
    }

    @Test func aTrialRunningPastTrialTimeoutIsCanceled() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(limits: "{max_total_trials: 1, trial_timeout: 60}"))
        try h.run("tune")
        try h.setTrial("tune-0", .running)
        let result = try h.run("tune")
        #expect(result == .requeueAfter(.seconds(2)) || result == .requeueAfter(.seconds(60)))
        h.clock.advance(by: .seconds(61))
        try h.run("tune")
        try h.settleCancels("tune")
        let sweep = try h.sweep("tune")
        #expect(sweep.status.sweep?.trials.first?.stoppedBy == "trial_timeout")
        #expect(sweep.status.sweep?.trials.first?.phase == "Canceled")
        #expect(sweep.status.phase == "Completed")
    }

    @Test func theSweepTimeoutCancelsEverything() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(limits: "{max_total_trials: 4, max_concurrent_trials: 2, timeout: 600}"))
        try h.run("tune")
        try h.setTrial("tune-0", .running)
        h.clock.advance(by: .seconds(601))
        try h.run("tune")
        try h.settleCancels("tune")
        let sweep = try h.sweep("tune")
        #expect(sweep.status.phase == "Canceled")
        #expect(sweep.status.message == "the sweep ran longer than its limits.timeout of 600s")
        #expect(sweep.status.sweep?.trials.map { $0.stoppedBy ?? "-" } == ["timeout", "timeout"])
        #expect(h.trials(of: "tune").count == 2)
    }

    @Test func cancelingTheSweepCancelsItsTrials() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep())
        try h.run("tune")
        try h.jobs.requestCancel("tune")
        try h.reconcileSweep("tune")
        #expect(try h.sweep("tune").status.phase == "Canceling")
        try h.settleCancels("tune")
        let sweep = try h.sweep("tune")
        #expect(sweep.status.phase == "Canceled")
        #expect(h.trials(of: "tune").allSatisfy { $0.status.phase == "Canceled" })
        #expect(sweep.status.sweep?.counts == SweepTrialCounts(canceled: 2))
    }

    @Test func deletingTheSweepDeletesItsTrials() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep())
        try h.run("tune")
        #expect(h.trials(of: "tune").count == 2)
        _ = try h.store.delete(try h.sweep("tune").key)
        try h.reconcileSweep("tune")
        #expect(h.trials(of: "tune").isEmpty)
    }

    @Test func bayesianSamplingFailsTheSweepWithItsReason() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(sampling: "bayesian"))
        try h.run("tune")
        let sweep = try h.sweep("tune")
        #expect(sweep.status.phase == "Failed")
        #expect(sweep.status.message.hasPrefix("bayesian sampling is not supported by Skiff"))
        #expect(sweep.status.conditions[type: "Failed"]?.reason == "InvalidSweep")
        #expect(h.trials(of: "tune").isEmpty)
    }

    @Test func aRefusedSweepRunsOnceItsFileIsFixed() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(sampling: "bayesian"))
        try h.run("tune")
        #expect(try h.sweep("tune").status.phase == "Failed")
        try h.apply(SweepHarness.sweep(sampling: "random"))
        try h.run("tune")
        let sweep = try h.sweep("tune")
        #expect(sweep.status.phase == "Queued" && sweep.status.conditions[type: "Failed"] == nil)
        #expect(h.trials(of: "tune").count == 2)
    }

    @Test func aSweepRecreatedUnderTheSameNameDropsTheOldTrials() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep())
        try h.run("tune")
        let old = try h.sweep("tune").metadata.uid
        _ = try h.store.delete(try h.sweep("tune").key)
        try h.apply(SweepHarness.sweep())
        try h.run("tune")
        let trials = h.trials(of: "tune")
        #expect(trials.count == 2)
        #expect(trials.allSatisfy { $0.metadata.annotations[SweepLabels.sweepUID] != old })
    }

    @Test func everyTrialFailingFailsTheSweep() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep(limits: "{max_total_trials: 2}"))
        try h.run("tune")
        try h.setTrial("tune-0", .failed, exitCode: 2)
        try h.setTrial("tune-1", .failed, exitCode: 2)
        try h.run("tune")
        let sweep = try h.sweep("tune")
        #expect(sweep.status.phase == "Failed")
        #expect(sweep.status.conditions[type: "Failed"]?.reason == "TrialsFailed")
    }

    @Test func theStatusSurvivesEncodingAndDecoding() throws {
        let h = try SweepHarness()
        try h.apply(SweepHarness.sweep())
        try h.run("tune")
        h.metrics.report("tune-0", 0.25)
        try h.run("tune")
        let sweep = try h.sweep("tune")
        // As the store persists objects: JSON, decoded with status.
        let documents = try YAMLParser().parse(sweep.encoded().serialized(pretty: true), file: "t.json")
        let root = try #require(documents.first?.root)
        let context = DecodeContext(file: "t.json", includeStatus: true)
        let job = try #require(ObjectDecoder.decode(root, registry: .builtIn, context: context) as? Job)
        #expect(context.errors.isEmpty)
        #expect(job.status.sweep == sweep.status.sweep)
        #expect(job.status.sweep?.trials.first?.bestMetric == 0.25)
    }
}
