import Foundation
import SkiffControllers
import Testing

/// `skiffctl plan` runs the sweep controller too: it shows the first wave of trials and where they land.
struct SweepPlanTests {
    @Test func thePlanShowsTheFirstWaveOfTrials() throws {
        let root = try OfflinePlannerTests.folder([
            "node.yaml": OfflinePlannerTests.node("gpu-0", gpus: 0),
            "sweep.yml": SweepHarness.sweep(limits: "{max_total_trials: 5, max_concurrent_trials: 2}"),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try OfflinePlanner(folder: root).run()
        #expect(report.placements.map(\.pod).sorted() == ["tune-0-0", "tune-1-0"], "\(report.text)")
        #expect(report.placements.allSatisfy { $0.node == "gpu-0" })
        let jobs = Dictionary(uniqueKeysWithValues: report.jobs.map { ($0.name, $0) })
        #expect(jobs["tune"]?.status == "Running", "\(report.text)")
        #expect(jobs["tune"]?.message == "0/5 trials done, 2 running, 0 queued", "\(report.text)")
        #expect(jobs["tune-0"] != nil && jobs["tune-1"] != nil && jobs["tune-2"] == nil, "\(report.text)")
    }
}
