import SkiffServer
import SkiffStore

/// `api-list`: the API server's time to answer a list of `objects` instance types as JSON and as a kubectl
/// Table, and a label-selected list of 100 — from the request to the bytes of the body — and watch fan-out to
/// `watchers` concurrent watchers (events per second delivered). Floor for the lists: encoding the same objects to
/// JSON once (what a server without a serialization cache pays); for the watch: encoding each event once per
/// watcher.
public struct APIListScenario: Sendable {
    public var objects: Int
    public var repetitions: Int
    public var watchers: Int
    public var watchEvents: Int

    public init(objects: Int, repetitions: Int, watchers: Int, watchEvents: Int) {
        self.objects = objects
        self.repetitions = repetitions
        self.watchers = watchers
        self.watchEvents = watchEvents
    }

    public struct Latency: Sendable {
        public var p50: Double
        public var p99: Double
        public var max: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            func at(_ q: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)]
            }
            p50 = at(0.5)
            p99 = at(0.99)
            max = sorted.last ?? 0
        }
    }

    public struct Outcome: Sendable {
        /// Milliseconds.
        public var json: Latency
        public var table: Latency
        public var selected: Latency
        /// The first JSON list, which encodes every object into the empty serialization cache.
        public var jsonCold: Double
        public var floorMilliseconds: Double
        public var selectedFloorMilliseconds: Double
        public var watchEventsPerSecond: Double
        public var watchFloorEventsPerSecond: Double
    }

    static let path = "/apis/amlarc.azureml.com/v1alpha1/instancetypes"
    static let tableAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    public func run() async throws -> Outcome {
        let store = MemoryStore()
        for index in 0..<objects {
            _ = try store.create(Self.instanceType(index, generation: 0))
        }
        let handler = APIHandler(store: store, registry: KindRegistry.builtIn)
        let clock = ContinuousClock()
        func time(_ request: APIRequest) async -> Double {
            let start = clock.now
            let bytes = await Self.body(of: handler.handle(request))
            let elapsed = (clock.now - start).seconds * 1000
            if bytes == 0 { return -1 }
            return elapsed
        }
        var json: [Double] = []
        var table: [Double] = []
        var selected: [Double] = []
        // The first requests fill the server's caches (every object encoded once, as the floor does): timed apart,
        // so that the percentiles are those of a server that has served the objects before.
        let jsonCold = await time(APIRequest(path: Self.path))
        _ = await time(APIRequest(path: Self.path, accept: Self.tableAccept))
        _ = await time(APIRequest(path: Self.path, query: ["labelSelector": "bucket=7"]))
        for _ in 0..<repetitions {
            json.append(await time(APIRequest(path: Self.path)))
            table.append(await time(APIRequest(path: Self.path, accept: Self.tableAccept)))
            selected.append(await time(APIRequest(path: Self.path, query: ["labelSelector": "bucket=7"])))
        }
        // The floor: every object encoded to JSON once, then the selected hundred.
        let all = (try store.list(InstanceType.resource.groupKind, options: ListOptions())).items
        var floors: [Double] = []
        var selectedFloors: [Double] = []
        for _ in 0..<repetitions {
            let start = clock.now
            var out: [UInt8] = []
            for object in all { object.encoded().write(to: &out, pretty: false, indent: 0) }
            floors.append((clock.now - start).seconds * 1000)
            let selectedStart = clock.now
            var selectedOut: [UInt8] = []
            for object in all where object.metadata.labels["bucket"] == "7" {
                object.encoded().write(to: &selectedOut, pretty: false, indent: 0)
            }
            selectedFloors.append((clock.now - selectedStart).seconds * 1000)
        }
        let watch = try await watchFanOut(store: store, handler: handler)
        return Outcome(
            json: Latency(json),
            table: Latency(table),
            selected: Latency(selected),
            jsonCold: jsonCold,
            floorMilliseconds: Latency(floors).p50,
            selectedFloorMilliseconds: Latency(selectedFloors).p50,
            watchEventsPerSecond: watch.delivered,
            watchFloorEventsPerSecond: watch.floor
        )
    }

    /// Opens `watchers` watches, makes `watchEvents` updates, and times until every watcher has every event.
    private func watchFanOut(store: MemoryStore, handler: APIHandler) async throws -> (delivered: Double, floor: Double) {
        let clock = ContinuousClock()
        let from = store.currentResourceVersion
        var streams: [AsyncStream<[UInt8]>] = []
        for _ in 0..<watchers {
            let response = await handler.handle(
                APIRequest(path: Self.path, query: ["watch": "true", "resourceVersion": String(from)])
            )
            guard case .stream(let lines) = response else { throw BenchError("the watch did not stream") }
            streams.append(lines)
        }
        let expected = watchEvents
        let start = clock.now
        let delivered = try await withThrowingTaskGroup(of: Int.self) { group in
            for lines in streams {
                group.addTask {
                    var seen = 0
                    for await chunk in lines {
                        seen += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                        if seen >= expected { break }
                    }
                    return seen
                }
            }
            for index in 0..<expected {
                _ = try store.update(Self.instanceType(index % objects, generation: index + 1))
            }
            var total = 0
            for try await seen in group { total += seen }
            return total
        }
        let seconds = (clock.now - start).seconds
        // Floor: each event's object encoded once per watcher.
        let sample = Self.instanceType(0, generation: 1)
        let floorStart = clock.now
        var out: [UInt8] = []
        for _ in 0..<(expected * watchers) {
            out.removeAll(keepingCapacity: true)
            sample.encoded().write(to: &out, pretty: false, indent: 0)
        }
        let floorSeconds = (clock.now - floorStart).seconds
        return (seconds > 0 ? Double(delivered) / seconds : 0, floorSeconds > 0 ? Double(expected * watchers) / floorSeconds : 0)
    }

    /// Serializes a response as the HTTP layer would and returns the body's size.
    static func body(of response: APIResponse) async -> Int {
        switch response {
        case .json(_, let body):
            var out: [UInt8] = []
            out.reserveCapacity(1 << 20)
            body.write(to: &out, pretty: false, indent: 0)
            return out.count
        case .encoded(_, let body):
            return body.count
        case .text(_, let body):
            return body.utf8.count
        case .stream:
            return 0
        case .bytes(_, let body):
            var total = 0
            do {
                for try await chunk in body { total += chunk.count }
            } catch {
                return total
            }
            return total
        }
    }

    static func instanceType(_ index: Int, generation: Int) -> InstanceType {
        var meta = ObjectMeta(name: "it-\(index)")
        meta.labels = ["bucket": String(index % 100), "team": "ml"]
        meta.annotations = ["skiff.dev/bench-generation": String(generation)]
        let spec = InstanceType.Spec(
            nodeSelector: ["pool": "gpu-\(index % 4)"],
            resources: InstanceTypeResources(
                requests: ResourceList([.cpu: Quantity(4), .memory: Quantity(16 * 1024 * 1024 * 1024)]),
                limits: ResourceList([
                    .cpu: Quantity(8), .memory: Quantity(32 * 1024 * 1024 * 1024), .nvidiaGPU: Quantity(1),
                ])
            )
        )
        return InstanceType(metadata: meta, spec: spec)
    }
}

/// A benchmark that could not run as set up.
public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
