import Foundation
import Testing

@testable import SkiffControllers

/// The MLflow file-store layout made up front, and metric files read as they grow.
struct MLflowFileStoreTests {
    @Test func theRunAndExperimentAreCreatedInMLflowsLayout() throws {
        let dir = NSTemporaryDirectory() + "skiff-mlflow-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = MLflowFileStore.runID(sweepUID: "uid", trial: 3)
        #expect(run == MLflowFileStore.runID(sweepUID: "uid", trial: 3))
        #expect(run != MLflowFileStore.runID(sweepUID: "uid", trial: 4))
        let store = MLflowFileStore(trialDirectory: dir, runID: run, experimentName: "exp", runName: "tune-3")
        try store.create(now: Timestamp(seconds: 1_800_000_000))
        let runMeta = try String(contentsOfFile: "\(dir)/mlruns/1/\(run)/meta.yaml", encoding: .utf8)
        #expect(runMeta.contains("run_id: \(run)\n") && runMeta.contains("status: 1\n")
            && runMeta.contains("experiment_id: '1'\n") && runMeta.contains("start_time: 1800000000000\n"))
        let experiment = try String(contentsOfFile: "\(dir)/mlruns/1/meta.yaml", encoding: .utf8)
        #expect(experiment.contains("name: 'exp'\n") && experiment.contains("lifecycle_stage: active\n"))
        #expect(store.environment["MLFLOW_TRACKING_URI"] == "file://\(dir)/mlruns")
        #expect(store.values(of: "loss") == nil)
        let file = "\(dir)/mlruns/1/\(run)/metrics/loss"
        try "1800000000001 0.5 0\n1800000000002 0.25 1\n18000000".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(store.values(of: "loss")?.map(\.value) == [0.5, 0.25])
        #expect(store.values(of: "loss")?.map(\.step) == [0, 1])
        #expect(store.values(of: "../x") == nil)
    }

    @Test func unparsableAndNaNLinesAreSkipped() {
        #expect(MLflowFileStore.parse("1 nan 0\n2 x 1\n3 1.5 2\n4 -inf 3\n").map(\.value) == [1.5, -.infinity])
    }
}
