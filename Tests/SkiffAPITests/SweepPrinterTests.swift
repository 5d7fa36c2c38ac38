import SkiffAPI
import Testing

/// `skiffctl get sweeps` and `describe sweep`, and the sweep status's shape through the API.
struct SweepPrinterTests {
    static func sweep() throws -> Job {
        let result = AzureMLTestSupport.decode("""
            name: tune
            type: sweep
            trial: {command: "python train.py --lr ${{search_space.lr}}", environment: {image: python}}
            search_space: {lr: {type: choice, values: [0.1, 0.01]}}
            objective: {goal: maximize, primary_metric: accuracy}
            early_termination: {type: bandit, slack_factor: 0.1, delay_evaluation: 2}
            limits: {max_total_trials: 2, max_concurrent_trials: 1}
            """)
        #expect(result.errors.isEmpty, "\(result.errors)")
        var job = try #require(result.objects.first?.object as? Job)
        job.metadata.creationTimestamp = Timestamp(seconds: 1_800_000_000)
        job.status.phase = "Completed"
        job.status.sweep = SweepStatus(
            totalTrials: 2,
            counts: SweepTrialCounts(completed: 1, canceled: 1),
            bestTrial: 0,
            trials: [
                SweepTrialStatus(index: 0, name: "tune-0", parameters: ["lr": .number("0.1")], phase: "Completed",
                                 bestMetric: 0.93, lastMetric: 0.93, intervals: 10, evaluatedInterval: 10),
                SweepTrialStatus(index: 1, name: "tune-1", parameters: ["lr": .number("0.01")], phase: "Canceled",
                                 bestMetric: 0.5, lastMetric: 0.5, intervals: 3, evaluatedInterval: 3,
                                 stoppedBy: "bandit",
                                 stopReason: "best 0.5 at interval 3 is below 0.845455 = 0.93 / (1 + "
                                     + "slack_factor 0.1)"),
            ]
        )
        return job
    }

    @Test func getSweepsShowsProgressAndTheBestMetric() throws {
        let table = SweepPrinter.table([try Self.sweep()], now: Timestamp(seconds: 1_800_000_120))
        #expect(table.columns == ["NAME", "TRIALS", "RUNNING", "BEST METRIC", "STATUS", "AGE"])
        #expect(table.rows.map { Array($0.prefix(5)) } == [["tune", "2/2", "0", "accuracy=0.93", "Completed"]])
        let wide = SweepPrinter.table([try Self.sweep()], wide: true, now: Timestamp(seconds: 1_800_000_120))
        #expect(wide.rows.first?[6] == "tune-0")
    }

    @Test func describeSweepListsTheTrialsAndWhyTheyStopped() throws {
        let text = SweepPrinter.describe(try Self.sweep(), events: [], now: Timestamp(seconds: 1_800_000_120))
        #expect(text.contains("Best Trial:         tune-0 (accuracy=0.93; lr=0.1)\n"), "\(text)")
        #expect(text.contains("Early Termination:  bandit (slack_factor 0.1, delay_evaluation 2)\n"), "\(text)")
        #expect(text.contains("  TRIAL     PARAMETERS  METRIC  INTERVALS  STATE      STOPPED BY\n"), "\(text)")
        #expect(text.contains("  tune-0 *  lr=0.1      0.93    10         Completed  -\n"), "\(text)")
        #expect(text.contains("  tune-1    lr=0.01     0.5     3          Canceled   bandit\n"), "\(text)")
        #expect(text.contains("  tune-1: bandit: best 0.5 at interval 3 is below 0.845455"), "\(text)")
        #expect(text.hasSuffix("Events:  <none>\n"))
    }
}
