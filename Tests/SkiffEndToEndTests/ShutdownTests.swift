import Foundation
import Testing

/// Graceful shutdown and the state directory lock, on daemons started and stopped by hand.
struct ShutdownTests {
    /// A daemon on a fresh folder, ready; the caller stops it.
    private func started(_ root: String, stateDir: String? = nil, socket: String? = nil) async throws -> DaemonHarness {
        try DaemonHarness.write(Manifests.namespace("ml-team"), to: root + "/m/namespace.yaml")
        let daemon = try DaemonHarness.start(
            root: root,
            stateDir: stateDir ?? root + "/s",
            socket: socket ?? root + "/s/sock"
        )
        do {
            try await daemon.waitUntilReady()
        } catch {
            _ = await daemon.stop()
            throw error
        }
        return daemon
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalStopsPromptlyWithStatusZero(_ signal: Int32) async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try await started(root)
        #expect(FileManager.default.fileExists(atPath: daemon.socket))
        daemon.process.send(signal)
        let exited = await Eventually.poll(timeout: .seconds(20)) { daemon.process.exitIfEnded != nil }
        #expect(exited, "skiffd still running 20 s after signal \(signal); log:\n\(daemon.logTail)")
        let exit = await daemon.stop()
        #expect(exit == .exited(0), "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: daemon.socket), "the socket is removed")
        #expect(daemon.log.contains("stopped"), "\(daemon.log)")

        // The lock went with the process: a new daemon takes the same state directory at once.
        let again = try await started(root)
        #expect(try await again.json("get", "ns").itemNames == ["default", "ml-team"])
        #expect(await again.stop() == .exited(0))
    }

    @Test func secondDaemonOnTheSameStateDirectoryIsRefused() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try await started(root)
        let second = try DaemonHarness.start(root: root, stateDir: root + "/s", socket: root + "/s/other.sock")
        let exit = await second.process.waitForExit()
        #expect(exit == .exited(1), "\(second.log)")
        #expect(
            second.log.contains(
                "another skiffd is using the state directory \(root)/s (\(root)/s/skiffd.lock is locked)"
            ),
            "\(second.log)"
        )
        #expect(!FileManager.default.fileExists(atPath: root + "/s/other.sock"))

        // The first is untouched.
        #expect(UnixSocketProbe.status(socket: first.socket, get: "/readyz") == 200)
        #expect(try await first.json("get", "ns").itemNames == ["default", "ml-team"])
        #expect(await first.stop() == .exited(0))
        #expect(!FileManager.default.fileExists(atPath: first.socket))
    }

    @Test func secondDaemonOnTheSameSocketDoesNotTakeItOver() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try await started(root)
        let second = try DaemonHarness.start(root: root, stateDir: root + "/s2", socket: first.socket)
        let refused = await Eventually.poll(timeout: .seconds(10)) { second.process.exitIfEnded != nil }
        do {
            #expect(refused, "the second daemon is still running: \(second.logTail)")
            #expect(second.process.exitIfEnded != .exited(0) && second.process.exitIfEnded != nil, "\(second.log)")
        }
        _ = await second.stop()
        // Whatever the second did, the first must still answer on its socket.
        do {
            #expect(UnixSocketProbe.status(socket: first.socket, get: "/readyz") == 200)
        }
        let exit = await first.stop()
        #expect(exit == .exited(0), "\(first.log)")
    }

    @Test func openWatchDoesNotHoldUpShutdown() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try await started(root)
        let watch = try #require(UnixSocketProbe.open(socket: daemon.socket, get: "/api/v1/namespaces?watch=true"))
        #expect(watch.status == 200)
        daemon.process.send(SIGTERM)
        let exited = await Eventually.poll(timeout: .seconds(20)) { daemon.process.exitIfEnded != nil }
        close(watch.descriptor)
        let exit = await daemon.stop(timeout: .seconds(10))
        do {
            #expect(exited, "skiffd still running 20 s after SIGTERM with a watch open")
            #expect(exit == .exited(0), "\(daemon.logTail)")
        }
    }

    @Test func closedWatchDoesNotHoldUpShutdown() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try await started(root)
        let watch = try #require(UnixSocketProbe.open(socket: daemon.socket, get: "/api/v1/namespaces?watch=true"))
        #expect(watch.status == 200)
        close(watch.descriptor)
        // A later request is answered: the daemon is fine, only its shutdown is affected.
        #expect(UnixSocketProbe.status(socket: daemon.socket, get: "/readyz") == 200)
        let exit = await daemon.stop(timeout: .seconds(20))
        do {
            #expect(exit == .exited(0), "\(daemon.logTail)")
        }
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
    }
}
