import Foundation

/// A trial's MLflow tracking store, in MLflow's file-store layout, so that a script calling `mlflow.log_metric`
/// works unchanged and Skiff reads what it logs without MLflow:
///
/// ```
/// <trial dir>/mlruns/<experiment id>/meta.yaml
/// <trial dir>/mlruns/<experiment id>/<run id>/meta.yaml
/// <trial dir>/mlruns/<experiment id>/<run id>/{metrics,params,tags,artifacts}/
/// <trial dir>/mlruns/<experiment id>/<run id>/metrics/<name>     one "<timestamp ms> <value> <step>" line a report
/// ```
///
/// The trial's processes get `MLFLOW_TRACKING_URI=file://<trial dir>/mlruns`, `MLFLOW_EXPERIMENT_ID` and
/// `MLFLOW_RUN_ID` (``environment``), so `mlflow.start_run()` resumes the run made here up front.
struct MLflowFileStore: Sendable, Hashable {
    /// The experiment every trial's run is filed under (0 is MLflow's `Default`).
    static let experimentID = "1"

    /// The trial's folder (the trial Job's folder under the state dir).
    var trialDirectory: String
    /// The run's id: 32 hex digits, as MLflow's (derived from the sweep's uid and the trial's index).
    var runID: String
    /// The experiment's name (the sweep's `experiment_name`, else its name).
    var experimentName: String
    /// The run's name (the trial Job's name).
    var runName: String

    var root: String { trialDirectory + "/mlruns" }
    var experimentDirectory: String { root + "/" + Self.experimentID }
    var runDirectory: String { experimentDirectory + "/" + runID }

    /// The run id of trial `index` of the sweep with uid `sweepUID`.
    static func runID(sweepUID: String, trial index: Int) -> String {
        var generator = SplitMix64(seed: SplitMix64.fnv1a(sweepUID), trial: index, parameter: 0)
        let words = [generator.next(), generator.next()]
        return words.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The variables that point MLflow at the run. MLflow 3 refuses a file store unless
    /// `MLFLOW_ALLOW_FILE_STORE` is set (checked by hand against MLflow 3.17.2 from PyPI: `mlflow.start_run()`
    /// resumes the run made here, and `log_metric` appends `timestamp value step` lines to `metrics/<name>`).
    var environment: [String: String] {
        [
            "MLFLOW_ALLOW_FILE_STORE": "true",
            "MLFLOW_TRACKING_URI": "file://" + root,
            "MLFLOW_EXPERIMENT_ID": Self.experimentID,
            "MLFLOW_RUN_ID": runID,
        ]
    }

    /// Creates the experiment and the run (status RUNNING) unless they exist; `now` is the run's start time.
    func create(now: Timestamp) throws {
        let files = FileManager.default
        for folder in ["metrics", "params", "tags", "artifacts"] {
            try files.createDirectory(atPath: runDirectory + "/" + folder, withIntermediateDirectories: true)
        }
        let millis = now.seconds * 1000
        let experimentMeta = experimentDirectory + "/meta.yaml"
        if !files.fileExists(atPath: experimentMeta) {
            let text = """
                artifact_location: file://\(experimentDirectory)
                creation_time: \(millis)
                experiment_id: '\(Self.experimentID)'
                last_update_time: \(millis)
                lifecycle_stage: active
                name: \(Self.quoted(experimentName))

                """
            try text.write(toFile: experimentMeta, atomically: true, encoding: .utf8)
        }
        let runMeta = runDirectory + "/meta.yaml"
        if !files.fileExists(atPath: runMeta) {
            // status 1 is RUNNING and source_type 4 is LOCAL in MLflow's enums.
            let text = """
                artifact_uri: file://\(runDirectory)/artifacts
                end_time: null
                entry_point_name: ''
                experiment_id: '\(Self.experimentID)'
                lifecycle_stage: active
                run_id: \(runID)
                run_name: \(Self.quoted(runName))
                run_uuid: \(runID)
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: \(millis)
                status: 1
                tags: []
                user_id: skiff

                """
            try text.write(toFile: runMeta, atomically: true, encoding: .utf8)
        }
    }

    /// The values logged for `metric`, in the order logged; nil when the file does not exist (yet).
    func values(of metric: String) -> [MetricReport]? {
        // MLflow refuses metric names that could leave the folder; so does Skiff.
        guard !metric.isEmpty, !metric.contains(".."), !metric.hasPrefix("/") else { return nil }
        guard let data = FileManager.default.contents(atPath: runDirectory + "/metrics/" + metric) else { return nil }
        return Self.parse(String(decoding: data, as: UTF8.self))
    }

    /// Parses a metric file: one `timestamp value step` line a report. A last line without its newline may be
    /// half written and is left for the next read; unparsable and NaN values are skipped.
    static func parse(_ text: String) -> [MetricReport] {
        var reports: [MetricReport] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.hasSuffix("\n") { lines.removeLast() }
        for line in lines {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let value = Double(fields[1]), !value.isNaN else { continue }
            let step = fields.count >= 3 ? Int64(fields[2]) ?? 0 : 0
            reports.append(MetricReport(timestamp: Int64(fields[0]) ?? 0, value: value, step: step))
        }
        return reports
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

/// One logged value of a metric.
struct MetricReport: Sendable, Hashable {
    /// Milliseconds since the epoch.
    var timestamp: Int64
    var value: Double
    var step: Int64
}
