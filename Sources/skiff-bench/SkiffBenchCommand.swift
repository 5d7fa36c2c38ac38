import ArgumentParser
import Foundation
import SkiffBench

/// `skiff-bench`: runs the benchmark scenarios and prints one JSON line per figure, each next to a floor measured
/// in the same run. `make bench` runs it built in release mode at full scale.
@main
struct SkiffBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skiff-bench",
        abstract: "Measure Skiff's speed and memory against floors measured in the same run."
    )

    @Option(help: "full (make bench) or smoke (tiny sizes, no thresholds).")
    var scale: String = "full"

    @Option(name: .customLong("scenario"), help: "A scenario to run (repeatable); all by default.")
    var scenarios: [String] = []

    @Option(help: "The skiffd executable for cold-start (default: next to skiff-bench).")
    var skiffd: String?

    @Option(help: "The Azure ML fixtures folder for the yaml scenario.")
    var fixtures: String = "../shared/fixtures/azureml"

    @Option(help: "Where scenarios put their folders (default: the temporary directory).")
    var workDirectory: String?

    @Flag(help: "Run the scenarios in this process (memory is measured in a child process otherwise).")
    var inProcess = false

    func run() async throws {
        guard let scale = BenchRunner.Scale(rawValue: scale) else {
            throw ValidationError("--scale must be one of: \(BenchRunner.Scale.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = executable.deletingLastPathComponent().appendingPathComponent("skiffd").path
        let work = workDirectory ?? NSTemporaryDirectory() + "skiff-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let runner = BenchRunner(
            scale: scale,
            skiffd: skiffd ?? (FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil),
            workDirectory: work,
            fixtures: FileManager.default.fileExists(atPath: fixtures) ? fixtures : nil
        )
        for scenario in scenarios.isEmpty ? BenchRunner.scenarios : scenarios {
            if scenario == "memory" && !inProcess {
                // A fresh process: the resident set must not carry the other scenarios' peaks.
                try relayChild(executable.path, scale: scale, work: work)
                continue
            }
            for result in try await runner.run(scenario) {
                print(result.jsonLine)
                fflush(nil)  // every stream: lines reach a pipe as they are measured
            }
        }
    }

    private func relayChild(_ executable: String, scale: BenchRunner.Scale, work: String) throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: executable)
        child.arguments = ["--scale", scale.rawValue, "--scenario", "memory", "--in-process", "--work-directory", work]
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else { throw ValidationError("the memory scenario failed") }
    }
}
