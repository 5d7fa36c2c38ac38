import Foundation
import SkiffAPI

#if canImport(Glibc)
import Glibc
#endif

/// `cold-start`: from starting the `skiffd` executable to its `READY=1` (sent after the first full reconcile) with
/// `files` manifests in the folder and an empty state; then `warm-restart`: the same after SIGTERM, on the state it
/// saved. Floor: reading and decoding the same files in one thread, in this process.
public struct ColdStartScenario: Sendable {
    public var files: Int
    public var skiffd: String
    public var workDirectory: String

    public init(files: Int, skiffd: String, workDirectory: String) {
        self.files = files
        self.skiffd = skiffd
        self.workDirectory = workDirectory
    }

    public struct Outcome: Sendable {
        /// Seconds.
        public var cold: Double
        public var warm: Double
        public var floor: Double
    }

    public func run() throws -> Outcome {
        let manifests = workDirectory + "/manifests"
        let state = workDirectory + "/state"
        for folder in [manifests, state] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var paths: [String] = []
        for index in 0..<files {
            let path = "\(manifests)/it-\(index).yaml"
            try FileToStatusScenario.instanceType("it-\(index)").write(toFile: path, atomically: false, encoding: .utf8)
            paths.append(path)
        }
        let cold = try startUntilReady(manifests: manifests, state: state)
        let warm = try startUntilReady(manifests: manifests, state: state)
        let decoder = ManifestDecoder(registry: KindRegistry.builtIn, adapters: AzureMLAdapters.all)
        let clock = ContinuousClock()
        let start = clock.now
        var objects = 0
        for path in paths {
            guard case .bytes(let bytes) = ManifestReader.read(path, maxBytes: 1 << 22) else { continue }
            objects += decoder.decode(bytes: bytes, file: path).objects.count
        }
        let floor = (clock.now - start).seconds
        guard objects == files else { throw BenchError("the floor decoded \(objects) of \(files) objects") }
        return Outcome(cold: cold, warm: warm, floor: floor)
    }

    /// Starts skiffd with a notify socket of ours, waits for `READY=1`, stops it with SIGTERM; returns the seconds
    /// to READY.
    private func startUntilReady(manifests: String, state: String) throws -> Double {
        let notifyPath = workDirectory + "/notify-\(UUID().uuidString.prefix(8)).sock"
        let listener = try NotifyListener(path: notifyPath)
        defer { listener.close() }
        let config = workDirectory + "/skiffd.yaml"
        try "# the flags give every setting\n".write(toFile: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: skiffd)
        process.arguments = [
            "--config", config, "--manifests", manifests, "--state-dir", state, "--socket", state + "/sock",
            "--log-level", "error", "--listen", "none",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notifyPath
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        while true {
            guard process.isRunning else { throw BenchError("skiffd exited before READY=1") }
            if let message = listener.receive(timeoutMilliseconds: 100), message.split(separator: "\n").contains("READY=1") {
                return (clock.now - start).seconds
            }
            if clock.now - start > .seconds(600) { throw BenchError("skiffd was not ready within 10 minutes") }
        }
    }
}

/// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
final class NotifyListener {
    private let fd: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket failed: \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw BenchError("socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw BenchError("bind \(path) failed: \(errno)") }
    }

    func receive(timeoutMilliseconds: Int32) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    func close() {
        _ = Glibc.close(fd)
        unlink(path)
    }
}
