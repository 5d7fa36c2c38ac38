import Foundation
import Testing

/// Issue 9 end to end: a sweep dropped into the folder runs its trials as jobs on the local node; each trial's
/// script writes its metric in MLflow's file-store layout (no MLflow needed), a bandit policy stops the hopeless
/// trials early, and `skiffctl get sweeps` / `describe sweep` name the best trial.
struct SweepEndToEndTests {
    /// Logs `accuracy` = its argument, 25 times, 0.2 s apart, where MLflow's `log_metric` would.
    static let script = """
        #!/bin/sh
        metrics="${MLFLOW_TRACKING_URI#file://}/$MLFLOW_EXPERIMENT_ID/$MLFLOW_RUN_ID/metrics"
        mkdir -p "$metrics"
        i=0
        while [ $i -lt 25 ]; do
          echo "$(date +%s)000 $1 $i" >> "$metrics/accuracy"
          i=$((i + 1))
          sleep 0.2
        done

        """

    static let sweep = """
        $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
        name: tune
        type: sweep
        compute: azureml:local-k8s
        resources: {instance_type: small}
        trial:
          command: sh train.sh ${{search_space.quality}}
          code: src
          environment: {image: busybox}
        sampling_algorithm: grid
        search_space:
          quality: {type: choice, values: [90, 20, 85, 10]}
        objective: {goal: maximize, primary_metric: accuracy}
        early_termination: {type: bandit, slack_amount: 10, evaluation_interval: 1, delay_evaluation: 2}
        limits: {max_total_trials: 4, max_concurrent_trials: 2}

        """

    @Test func aBanditSweepStopsTheWeakTrialsAndNamesTheBest() async throws {
        var files = JobRunTests.setUp(instanceType: JobRunTests.small)
        files["sweeps/src/train.sh"] = Self.script
        files["sweeps/tune.yml"] = Self.sweep
        try await DaemonHarness.with(files: files) { daemon in
            let sweep = try await daemon.eventuallyObject("amljob", "tune", "Completed") {
                $0["status"]["phase"].string == "Completed"
            }
            let trials = sweep["status"]["sweep"]["trials"].array ?? []
            #expect(trials.count == 4, "\(sweep)")
            let stopped = trials.filter { $0["stoppedBy"].string == "bandit" }.compactMap { $0["name"].string }
            #expect(stopped == ["tune-1", "tune-3"], "\(sweep)")
            #expect(sweep["status"]["sweep"]["bestTrial"].number == 0, "\(sweep)")
            #expect(trials.first?["bestMetric"].number == 90, "\(sweep)")
            // The trial's process had the MLflow variables and wrote where Skiff reads.
            let trial = try await daemon.skiffctl("get", "amljob", "tune-0", "-o", "json")
            #expect(trial.stdout.contains("MLFLOW_TRACKING_URI"), "\(trial)")

            let table = try await daemon.skiffctl("get", "sweeps")
            #expect(table.succeeded, "\(table)")
            let row = table.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(row.hasPrefix("tune ") && row.contains("4/4") && row.contains("accuracy=90")
                && row.contains("Completed"), "\(table)")
            let described = try await daemon.skiffctl("describe", "sweep", "tune")
            #expect(described.succeeded, "\(described)")
            #expect(described.stdout.contains("tune-0 (accuracy=90; quality=90)"), "\(described)")
            #expect(described.stdout.contains("tune-1: bandit: best 20 at interval"), "\(described)")
        }
    }
}
