import ArgumentParser
import Foundation
import SkiffControllers
import SkiffScheduler

/// `skiffctl plan DIR`: offline (no daemon), runs the controllers and the scheduler on the folder's declared nodes
/// with a simulated clock until nothing changes, then prints where every pod landed and why the others did not.
/// Exit status 1 when a manifest file is invalid (its errors go to standard error), else 0.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan a folder offline: where every pod would land, and why others would not.",
        discussion: """
            Loads DIR as skiffd would and runs the controllers and the scheduler on the nodes the folder declares \
            (kind: Node manifests; this machine is not one of them), with a simulated clock, until nothing \
            changes. Pods with a skiff.dev/simulate-duration annotation finish after that much simulated time, so \
            queued work is planned to its end.
            """
    )

    @Argument(help: "The manifests folder.")
    var folder: String

    @Option(name: .shortAndLong, help: "Output format: json or yaml (default: tables).")
    var output: OutputFormat?

    @Option(name: .long, help: "Scheduler scoring: LeastAllocated (spread, default) or MostAllocated (pack GPUs).")
    var scoringStrategy: String = "LeastAllocated"

    func run() throws {
        var planner = OfflinePlanner(folder: folder)
        switch scoringStrategy.lowercased() {
        case "leastallocated": break
        case "mostallocated": planner.scheduler = .packingGPUs()
        default:
            throw ValidationError("--scoring-strategy must be LeastAllocated or MostAllocated, not \(scoringStrategy)")
        }
        let report: PlanReport
        do {
            report = try planner.run()
        } catch {
            printError("skiffctl plan: \(error)")
            throw ExitCode.failure
        }
        switch output {
        case .json, .yaml:
            print(try ObjectPrinter.render(report.json, as: output!), terminator: "")
        default:
            print(report.text, terminator: "")
        }
        for line in report.errors { printError(line) }
        if !report.errors.isEmpty { throw ExitCode.failure }
    }
}
