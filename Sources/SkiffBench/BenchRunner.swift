import Foundation

/// Runs the scenarios at a scale and turns their outcomes into ``BenchResult`` lines.
public struct BenchRunner: Sendable {
    /// `full` is what `make bench` runs; `smoke` runs every scenario with tiny sizes (no thresholds) so that the
    /// benchmark never rots (part of `make test`).
    public enum Scale: String, Sendable, CaseIterable {
        case smoke
        case full
    }

    public static let scenarios = [
        "schedule", "schedule-cycle", "schedule-durable", "file-to-status", "cold-start", "memory", "yaml", "api-list",
    ]

    public var scale: Scale
    /// The `skiffd` executable for `cold-start`; nil skips that scenario with a line saying so.
    public var skiffd: String?
    /// Where scenarios put their folders and databases (removed afterwards).
    public var workDirectory: String
    /// The shared fixtures (`../shared/fixtures/azureml`) for `yaml`.
    public var fixtures: String?

    public init(scale: Scale, skiffd: String?, workDirectory: String, fixtures: String?) {
        self.scale = scale
        self.skiffd = skiffd
        self.workDirectory = workDirectory
        self.fixtures = fixtures
    }

    private var full: Bool { scale == .full }

    /// Runs one scenario and returns its figures.
    public func run(_ scenario: String) async throws -> [BenchResult] {
        let folder = workDirectory + "/\(scenario)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        switch scenario {
        case "schedule": return try schedule()
        case "schedule-cycle": return try scheduleCycle()
        case "schedule-durable": return try scheduleDurable(folder)
        case "file-to-status": return try await fileToStatus(folder)
        case "cold-start": return try coldStart(folder)
        case "memory": return try memory()
        case "yaml": return yaml()
        case "api-list": return try await apiList()
        default: throw BenchError("unknown scenario \(scenario); known: \(Self.scenarios.joined(separator: ", "))")
        }
    }

    private func schedule() throws -> [BenchResult] {
        let shapes: [(nodes: Int, pods: Int, gangEvery: Int)] =
            full
            ? [(500, 10_000, 0), (500, 50_000, 0), (5_000, 10_000, 0), (5_000, 50_000, 0), (500, 10_000, 25)]
            : [(50, 200, 0), (50, 200, 25)]
        return try shapes.map { shape in
            let outcome = try ScheduleScenario(nodes: shape.nodes, pods: shape.pods, gangEvery: shape.gangEvery).run()
            return BenchResult(
                name: "schedule",
                value: outcome.podsPerSecond,
                unit: "pods/s",
                floor: outcome.floorPodsPerSecond,
                direction: .higherIsBetter,
                params: [
                    "nodes": String(shape.nodes), "pods": String(shape.pods), "placed": String(outcome.placed),
                    "workload": shape.gangEvery > 0 ? "mixed, gangs of 4" : "no gangs",
                ]
            )
        }
    }

    /// The cost of a cycle with few and with many pods already bound: it must not grow with them.
    private func scheduleCycle() throws -> [BenchResult] {
        let nodes = full ? 5_000 : 50
        let pods = full ? 2_000 : 50
        let few = full ? 1_000 : 10
        let many = full ? 50_000 : 100
        let light = try ScheduleScenario(nodes: nodes, pods: pods, boundBefore: few).run()
        let heavy = try ScheduleScenario(nodes: nodes, pods: pods, boundBefore: many).run()
        let microseconds = { (outcome: ScheduleScenario.Outcome) in
            outcome.placed > 0 ? outcome.seconds * 1e6 / Double(outcome.placed) : 0
        }
        return [
            BenchResult(
                name: "schedule-cycle",
                value: microseconds(heavy),
                unit: "µs/pod",
                floor: microseconds(light),
                direction: .lowerIsBetter,
                params: ["nodes": String(nodes), "pods": String(pods), "bound": String(many), "floorBound": String(few)]
            )
        ]
    }

    private func scheduleDurable(_ folder: String) throws -> [BenchResult] {
        let nodes = full ? 500 : 20
        let pods = full ? 2_000 : 20
        let durable = try ScheduleScenario(nodes: nodes, pods: pods, sqliteDirectory: folder).run()
        let memory = try ScheduleScenario(nodes: nodes, pods: pods).run()
        return [
            BenchResult(
                name: "schedule-durable",
                value: durable.podsPerSecond,
                unit: "pods/s",
                floor: memory.podsPerSecond,
                direction: .higherIsBetter,
                params: [
                    "nodes": String(nodes), "pods": String(pods), "store": "SQLite, every bind committed",
                    "floor": "the same in memory",
                ]
            )
        ]
    }

    private func fileToStatus(_ folder: String) async throws -> [BenchResult] {
        let objects = full ? 10_000 : 100
        let samples = full ? 100 : 3
        let outcome = try await FileToStatusScenario(objects: objects, samples: samples, workDirectory: folder).run()
        let params = [
            "objects": String(objects), "samples": String(samples),
            "debounce": "20 ms for in-place writes, none for renames",
        ]
        return [
            BenchResult(name: "file-to-status p50", value: outcome.latency.p50, unit: "ms", floor: outcome.floor.p50,
                direction: .lowerIsBetter, params: params),
            BenchResult(name: "file-to-status p99", value: outcome.latency.p99, unit: "ms", floor: outcome.floor.p99,
                direction: .lowerIsBetter, params: params),
            BenchResult(name: "file-to-status max", value: outcome.latency.max, unit: "ms", floor: outcome.floor.max,
                direction: .lowerIsBetter, params: params),
        ]
    }

    private func coldStart(_ folder: String) throws -> [BenchResult] {
        guard let skiffd else { throw BenchError("cold-start needs the skiffd executable (--skiffd PATH)") }
        let files = full ? 10_000 : 20
        let outcome = try ColdStartScenario(files: files, skiffd: skiffd, workDirectory: folder).run()
        return [
            BenchResult(name: "cold-start", value: outcome.cold, unit: "s", floor: outcome.floor,
                direction: .lowerIsBetter, params: ["files": String(files), "state": "empty"]),
            BenchResult(name: "warm-restart", value: outcome.warm, unit: "s", floor: outcome.floor,
                direction: .lowerIsBetter, params: ["files": String(files), "state": "saved by the first start"]),
        ]
    }

    private func memory() throws -> [BenchResult] {
        let instanceTypes = full ? 10_000 : 100
        let nodes = full ? 5_000 : 50
        let pods = full ? 50_000 : 500
        let outcome = try MemoryScenario(instanceTypes: instanceTypes, nodes: nodes, pods: pods).run()
        return [
            BenchResult(name: "memory objects", value: outcome.objectsMB, unit: "MB", floor: outcome.objectsFloorMB,
                direction: .lowerIsBetter,
                params: ["instanceTypes": String(instanceTypes), "jobs": String(instanceTypes)]),
            BenchResult(name: "memory objects+cluster", value: outcome.withClusterMB, unit: "MB",
                floor: outcome.withClusterFloorMB, direction: .lowerIsBetter,
                params: [
                    "instanceTypes": String(instanceTypes), "jobs": String(instanceTypes), "nodes": String(nodes),
                    "pods": String(pods), "peakRSSMB": BenchResult.decimal(outcome.peakMB),
                ]),
        ]
    }

    private func yaml() -> [BenchResult] {
        var inputs: [(String, [UInt8], Int)] = []
        if let fixtures, let names = try? FileManager.default.contentsOfDirectory(atPath: fixtures) {
            var bytes: [UInt8] = []
            for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
                // One file of every YAML fixture, each its own document.
                if let data = FileManager.default.contents(atPath: "\(fixtures)/\(name)") {
                    bytes += Array(data) + Array("\n---\n".utf8)
                }
            }
            if !bytes.isEmpty { inputs.append(("fixtures", bytes, full ? 2_000 : 2)) }
        }
        inputs.append(("generated", YAMLScenario.generatedManifests(targetBytes: full ? 10_000_000 : 100_000), full ? 3 : 1))
        return inputs.map { name, bytes, repetitions in
            let outcome = YAMLScenario(name: name, bytes: bytes, repetitions: repetitions).run()
            return BenchResult(
                name: "yaml \(name)",
                value: outcome.megabytesPerSecond,
                unit: "MB/s",
                floor: outcome.floorMegabytesPerSecond,
                direction: .higherIsBetter,
                params: ["bytes": String(bytes.count), "objects": String(outcome.objects),
                    "repetitions": String(repetitions)]
            )
        }
    }

    private func apiList() async throws -> [BenchResult] {
        let objects = full ? 10_000 : 200
        let scenario = APIListScenario(
            objects: objects,
            repetitions: full ? 50 : 3,
            watchers: full ? 100 : 5,
            watchEvents: full ? 1_000 : 20
        )
        let outcome = try await scenario.run()
        let params = ["objects": String(objects), "repetitions": String(scenario.repetitions)]
        return [
            BenchResult(name: "api-list json p99", value: outcome.json.p99, unit: "ms", floor: outcome.floorMilliseconds,
                direction: .lowerIsBetter, params: params),
            BenchResult(name: "api-list json cold", value: outcome.jsonCold, unit: "ms", floor: outcome.floorMilliseconds,
                direction: .lowerIsBetter, params: params),
            BenchResult(name: "api-list table p99", value: outcome.table.p99, unit: "ms",
                floor: outcome.floorMilliseconds, direction: .lowerIsBetter, params: params),
            BenchResult(name: "api-list selected p99", value: outcome.selected.p99, unit: "ms",
                floor: outcome.selectedFloorMilliseconds, direction: .lowerIsBetter,
                params: params.merging(["selected": "100"]) { $1 }),
            BenchResult(name: "api-watch fan-out", value: outcome.watchEventsPerSecond, unit: "events/s",
                floor: outcome.watchFloorEventsPerSecond, direction: .higherIsBetter,
                params: ["watchers": String(scenario.watchers), "events": String(scenario.watchEvents)]),
        ]
    }
}
