import Foundation
import Logging
import SkiffControllers
import SkiffServer
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `file-to-status`: the latency from a file's rename into a watched folder already holding `objects` instance
/// types to the new instance type's status condition (`Fits`) being visible through the API (an in-process
/// ``APIHandler`` GET, polled every 100 µs), with the daemon's own pieces: the inotify folder watcher and its
/// debounce, the loader, the SQLite store, the InstanceType controller. Floor: inotify delivery of the same rename
/// plus reading and decoding the same file, on a bare inotify watch in the same process.
public struct FileToStatusScenario: Sendable {
    public var objects: Int
    public var samples: Int
    /// The folder watcher's debounce of in-place writes (the daemon's default is 20 ms; a rename is delivered at once).
    public var debounceMilliseconds: Int
    public var workDirectory: String

    public init(objects: Int, samples: Int, debounceMilliseconds: Int = 20, workDirectory: String) {
        self.objects = objects
        self.samples = samples
        self.debounceMilliseconds = debounceMilliseconds
        self.workDirectory = workDirectory
    }

    public struct Outcome: Sendable {
        /// Milliseconds.
        public var latency: APIListScenario.Latency
        public var floor: APIListScenario.Latency
    }

    public func run() async throws -> Outcome {
        let manifests = workDirectory + "/manifests"
        let staging = workDirectory + "/staging"
        let state = workDirectory + "/state"
        for folder in [manifests, staging, state] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let perFile = 100
        for file in 0..<((objects + perFile - 1) / perFile) {
            var text = ""
            for index in (file * perFile)..<min(objects, (file + 1) * perFile) {
                text += Self.instanceType("it-\(index)") + "---\n"
            }
            try text.write(toFile: "\(manifests)/batch-\(file).yaml", atomically: true, encoding: .utf8)
        }
        var configuration = DaemonConfiguration(manifests: manifests, stateDir: state, socket: state + "/sock")
        configuration.debounceMilliseconds = debounceMilliseconds
        let store = try SQLiteStore(path: state + "/state.sqlite")
        let ready = ReadySignal()
        var logger = Logger(label: "skiff.bench")
        logger.logLevel = .error
        let plane = ControlPlane(
            configuration: configuration,
            store: store,
            decoder: ManifestDecoder(registry: KindRegistry.builtIn, adapters: AzureMLAdapters.all),
            clock: SystemClock(),
            logger: logger,
            options: ControlPlane.Options(),
            onReady: { ready.fire() }
        )
        try plane.start()
        defer { plane.stop() }
        guard await ready.wait(timeout: .seconds(600)) else { throw BenchError("the control plane never got ready") }
        let handler = APIHandler(store: store, registry: KindRegistry.builtIn)
        let clock = ContinuousClock()
        var latencies: [Double] = []
        for sample in 0..<samples {
            let name = "probe-\(sample)"
            let staged = "\(staging)/\(name).yaml"
            try Self.instanceType(name).write(toFile: staged, atomically: false, encoding: .utf8)
            let path = "/apis/amlarc.azureml.com/v1alpha1/instancetypes/\(name)"
            let start = clock.now
            guard rename(staged, "\(manifests)/\(name).yaml") == 0 else { throw BenchError("rename failed: \(errno)") }
            while true {
                if case .json(200, let body) = await handler.handle(APIRequest(path: path)), Self.hasCondition(body) {
                    break
                }
                if clock.now - start > .seconds(30) { throw BenchError("\(name) never got a status condition") }
                usleep(100)
            }
            latencies.append((clock.now - start).seconds * 1000)
        }
        let floor = try Self.floor(samples: samples, directory: workDirectory + "/floor")
        return Outcome(latency: APIListScenario.Latency(latencies), floor: APIListScenario.Latency(floor))
    }

    /// A bare inotify watch: rename a file in, wait for `IN_MOVED_TO`, read and decode the file.
    static func floor(samples: Int, directory: String) throws -> [Double] {
        let staging = directory + "/staging"
        let watched = directory + "/watched"
        for folder in [staging, watched] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw BenchError("inotify_init1 failed: \(errno)") }
        defer { close(fd) }
        guard inotify_add_watch(fd, watched, UInt32(IN_MOVED_TO | IN_CLOSE_WRITE)) >= 0 else {
            throw BenchError("inotify_add_watch failed: \(errno)")
        }
        let decoder = ManifestDecoder(registry: KindRegistry.builtIn, adapters: AzureMLAdapters.all)
        let clock = ContinuousClock()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var results: [Double] = []
        for sample in 0..<samples {
            let name = "floor-\(sample).yaml"
            try instanceType("floor-\(sample)").write(toFile: "\(staging)/\(name)", atomically: false, encoding: .utf8)
            let start = clock.now
            guard rename("\(staging)/\(name)", "\(watched)/\(name)") == 0 else { throw BenchError("rename failed") }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw BenchError("inotify read failed: \(errno)") }
            guard case .bytes(let bytes) = ManifestReader.read("\(watched)/\(name)", maxBytes: 1 << 22) else {
                throw BenchError("cannot read \(name)")
            }
            let decoded = decoder.decode(bytes: bytes, file: name)
            guard decoded.isValid else { throw BenchError("\(name) does not decode") }
            results.append((clock.now - start).seconds * 1000)
        }
        return results
    }

    /// Whether the object as served has a status condition (the body may be the object's cached JSON text).
    static func hasCondition(_ body: JSONValue) -> Bool {
        var bytes: [UInt8] = []
        body.write(to: &bytes, pretty: false, indent: 0)
        let text = String(decoding: bytes, as: UTF8.self)
        guard let status = text.range(of: #""status":{"#) else { return false }
        return text[status.upperBound...].contains(#""conditions":[{"#)
    }

    static func instanceType(_ name: String) -> String {
        """
        apiVersion: amlarc.azureml.com/v1alpha1
        kind: InstanceType
        metadata:
          name: \(name)
          labels: {team: ml}
        spec:
          nodeSelector: {pool: gpu}
          resources:
            requests: {cpu: "4", memory: 16Gi}
            limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: 1}

        """
    }
}

/// A one-shot signal from a callback on another thread, awaited with a deadline.
final class ReadySignal: Sendable {
    private let fired = Mutex(false)

    func fire() { fired.withLock { $0 = true } }

    func wait(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if fired.withLock({ $0 }) { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return fired.withLock { $0 }
    }
}
