import Foundation
import Logging
import SkiffControllers
import SkiffNode
import Testing

/// The suites that run whole control planes, one test at a time: each plane holds a Dispatch thread per
/// controller worker, and Dispatch's pool of such threads is bounded.
@Suite(.serialized) enum ControlPlaneSuite {}

/// A control plane over a memory store, a temporary manifests folder and state directory, and a manual clock.
/// By default its scheduler has no loop: tests call ``settle()`` (or ``ControlPlane/runUntilQuiescent``) and read
/// what happened, without sleeping. Waits on real processes poll with a deadline (``eventually(_:)``).
final class ControlPlaneHarness {
    let dir: TemporaryFolder
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let clock = ManualClock()
    let plane: ControlPlane

    var manifests: String { dir.child("manifests") }
    var state: String { dir.child("state") }

    init(
        options: ControlPlane.Options = ControlPlane.Options(runsScheduler: false),
        files: [String: String] = [:],
        beforeStart: (TemporaryFolder, MemoryStore) throws -> Void = { _, _ in }
    ) async throws {
        dir = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: dir.child("manifests"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.child("state"), withIntermediateDirectories: true)
        for (name, text) in files {
            try dir.write("manifests/\(name)", text)
        }
        try beforeStart(dir, store)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        plane = ControlPlane(
            configuration: DaemonConfiguration(manifests: dir.child("manifests"), stateDir: dir.child("state"), workers: 1),
            store: store,
            decoder: .standard,
            clock: clock,
            logger: logger,
            options: options
        )
        try plane.start()
        let plane = self.plane
        let ready = await eventually { plane.isReady }
        #expect(ready, "the control plane did not become ready")
    }

    deinit {
        // Stopping blocks until workers finish; never on a cooperative thread (it may be one the workers need).
        let plane = self.plane
        let dir = self.dir
        DispatchQueue(label: "skiff.test.teardown").async {
            plane.stop()
            if let process = plane.processRuntime {
                for uid in process.podUIDs { process.remove(podUID: uid) }
            }
            dir.remove()
        }
    }

    /// Creates (or updates) every object of a YAML text in the store, as the loader would.
    func apply(_ text: String) throws {
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "test.yaml")
        #expect(result.errors.isEmpty, "\(result.errors)")
        for item in result.objects {
            if store.get(item.object.key) == nil {
                _ = try store.create(item.object)
            } else {
                _ = try store.update(item.object)
            }
        }
    }

    /// Settles the control plane (controllers idle, scheduler idle, nothing changing). The waiting happens on a
    /// Dispatch thread: blocking Swift's cooperative pool would starve the tasks the control plane itself runs
    /// (node discovery).
    func settle() async {
        let plane = self.plane
        let settled = await offPool { plane.settle(timeout: .seconds(60)) }
        #expect(settled)
    }

    /// ``ControlPlane/runUntilQuiescent(clock:horizon:)``, off the cooperative pool.
    func runUntilQuiescent() async -> Bool {
        let plane = self.plane
        let clock = self.clock
        return await offPool { plane.runUntilQuiescent(clock: clock) }
    }

    /// Advances the manual clock, off the cooperative pool (due work may block briefly).
    func advance(by duration: Duration) async {
        let clock = self.clock
        await offPool { clock.advance(by: duration) }
    }

    func pod(_ name: String, namespace: String = "default") -> Pod? {
        store.get(Pod.self, namespace: namespace, name: name)
    }

    func node(_ name: String) -> Node? {
        store.get(Node.self, name: name)
    }

    /// A whole container log as text.
    func log(_ pod: String, namespace: String = "default", container: String? = nil) async throws -> String {
        var bytes: [UInt8] = []
        for try await chunk in try plane.podLogs(namespace: namespace, name: pod, container: container, options: LogOptions()) {
            bytes += chunk
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Polls `condition` (real time) until it holds or a generous deadline passes: for real processes and the
/// daemon's own threads only, never for the manual clock's time.
func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return true }
        if clock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
}

/// Runs blocking work on a thread of its own and waits for it without holding a cooperative thread. A serial
/// queue of its own targets Dispatch's overcommitting pool; the global queues share their threads with Swift's
/// cooperative pool on Linux, which blocking work would starve.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue(label: "skiff.test.blocking").async { continuation.resume(returning: work()) }
    }
}

/// A fresh folder under the system's temporary directory.
struct TemporaryFolder: Sendable {
    let path: String

    init(_ prefix: String = "skiff-controllers-test") throws {
        let base =
            NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    func child(_ name: String) -> String { "\(path)/\(name)" }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let target = child(name)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try text.write(toFile: target, atomically: true, encoding: .utf8)
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target)
        }
        return target
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
