import Foundation
import SkiffBench
import Testing

/// Every benchmark scenario at tiny sizes, so that `skiff-bench` never rots: each runs to the end, measures its
/// figure and its floor, and prints well-formed JSON lines. No thresholds: speed is judged by `make bench`.
struct BenchSmokeTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures/azureml").path

    /// `skiffd` built next to this test bundle (`.build/debug/`).
    static var skiffd: String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<5 {
            folder.deleteLastPathComponent()
            let candidate = folder.appendingPathComponent("skiffd").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    func runner() throws -> BenchRunner {
        let work = NSTemporaryDirectory() + "skiff-bench-smoke-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        return BenchRunner(scale: .smoke, skiffd: Self.skiffd, workDirectory: work, fixtures: Self.fixtures)
    }

    @Test(arguments: BenchRunner.scenarios)
    func scenarioRunsAndPrintsItsFigures(_ scenario: String) async throws {
        let runner = try runner()
        defer { try? FileManager.default.removeItem(atPath: runner.workDirectory) }
        if scenario == "cold-start" { try #require(Self.skiffd != nil, "skiffd is not built next to the tests") }
        let results = try await runner.run(scenario)
        #expect(!results.isEmpty)
        for result in results {
            print(result.jsonLine)
            // Memory at smoke sizes may add no resident pages at all; every other figure is a real measurement.
            #expect(result.value > 0 || scenario == "memory", "\(result.jsonLine)")
            #expect(result.floor > 0, "\(result.jsonLine)")
            let line = try JSONSerialization.jsonObject(with: Data(result.jsonLine.utf8)) as? [String: Any]
            #expect(Set(line?.keys.map { $0 } ?? []) == ["name", "value", "unit", "floor", "ratio", "params"])
        }
        switch scenario {
        case "schedule":
            // Every pod is placed: the synthetic cluster has room for all of them.
            for result in results { #expect(result.params["placed"] == result.params["pods"], "\(result.jsonLine)") }
        case "yaml":
            #expect(results.map(\.name) == ["yaml fixtures", "yaml generated"])
            // Every generated document decodes into an object.
            let generated = try #require(results.last)
            #expect(Int(generated.params["objects"] ?? "") ?? 0 > 100, "\(generated.jsonLine)")
        default:
            break
        }
    }

    @Test func ratiosCompareWithTheFloorInTheRightDirection() {
        let throughput = BenchResult(name: "t", value: 100, unit: "pods/s", floor: 400, direction: .higherIsBetter)
        #expect(throughput.ratio == 4)
        let latency = BenchResult(name: "l", value: 8, unit: "ms", floor: 2, direction: .lowerIsBetter)
        #expect(latency.ratio == 4)
        #expect(latency.jsonLine == #"{"name":"l","value":8,"unit":"ms","floor":2,"ratio":4,"params":{}}"#)
        #expect(BenchResult.decimal(1.23456) == "1.235")
    }
}
