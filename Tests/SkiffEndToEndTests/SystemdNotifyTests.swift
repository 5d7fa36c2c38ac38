import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// skiffd as systemd's `Type=notify` service, driven with a `$NOTIFY_SOCKET` the test binds: READY after the first
/// full reconcile, WATCHDOG while healthy, RELOADING + MONOTONIC_USEC then READY on SIGHUP, STOPPING on SIGTERM.
struct SystemdNotifyTests {
    /// Starts a daemon on a folder with one namespace file, notifying `listener`.
    private func start(
        _ root: String,
        listener: SystemdNotifyListener,
        watchdogUSec: String = "400000"
    ) throws
        -> DaemonHarness
    {
        try DaemonHarness.write(Manifests.namespace("ml-team"), to: root + "/m/namespace.yaml")
        return try DaemonHarness.start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": watchdogUSec]
        )
    }

    @Test func readyWatchdogReloadingStoppingInOrder() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listener = try SystemdNotifyListener(address: root + "/notify.sock")
        defer { listener.close() }
        let daemon = try start(root, listener: listener)

        let sawReady = await Eventually.poll {
            listener.index(of: "READY=1") != nil || daemon.process.exitIfEnded != nil
        }
        let ready = try #require(
            listener.index(of: "READY=1"),
            "no READY=1; got \(listener.messages)\n\(daemon.logTail)"
        )
        #expect(sawReady)
        // READY=1 means the API answers with the folder's state: /readyz is already 200.
        #expect(UnixSocketProbe.status(socket: daemon.socket, get: "/readyz") == 200)
        let readyMessage = listener.messages[ready]
        #expect(readyMessage.contains("STATUS=1 objects from 1 files, 0 pods running"), "\(readyMessage)")

        // WATCHDOG_USEC=400000: a ping every 200 ms while healthy.
        #expect(
            await Eventually.poll(timeout: .seconds(20)) { listener.index(of: "WATCHDOG=1", from: ready + 1) != nil }
        )
        let watchdog = try #require(listener.index(of: "WATCHDOG=1", from: ready + 1))

        let before = SystemdNotifyListener.monotonicMicroseconds()
        daemon.process.send(SIGHUP)
        #expect(
            await Eventually.poll(timeout: .seconds(20)) {
                listener.index(of: "RELOADING=1", from: watchdog + 1).flatMap {
                    listener.index(of: "READY=1", from: $0 + 1)
                } != nil
            },
            "no RELOADING=1 then READY=1 after SIGHUP: \(listener.messages)\n\(daemon.logTail)"
        )
        let after = SystemdNotifyListener.monotonicMicroseconds()
        let reloading = try #require(listener.index(of: "RELOADING=1", from: watchdog + 1))
        let reloaded = try #require(listener.index(of: "READY=1", from: reloading + 1))
        let stamp = listener.messages[reloading].split(separator: "\n").first { $0.hasPrefix("MONOTONIC_USEC=") }
        let usec = try #require(
            stamp.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) },
            "\(listener.messages[reloading])"
        )
        #expect(usec >= before && usec <= after, "MONOTONIC_USEC \(usec) outside [\(before), \(after)]")
        // Still serving after the reload.
        #expect(UnixSocketProbe.status(socket: daemon.socket, get: "/readyz") == 200)

        let exit = await daemon.stop()
        #expect(exit == .exited(0), "\(daemon.logTail)")
        let stopping = try #require(
            listener.index(of: "STOPPING=1", from: reloaded + 1),
            "no STOPPING=1 after the reload: \(listener.messages)"
        )
        #expect(ready < watchdog && watchdog < reloading && reloading < reloaded && reloaded < stopping)
        // Nothing claims readiness after STOPPING=1.
        #expect(listener.index(of: "READY=1", from: stopping + 1) == nil)
    }

    @Test func abstractNotifySocket() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listener = try SystemdNotifyListener(address: "@skiff-test-\(UUID().uuidString.prefix(12))")
        defer { listener.close() }
        let daemon = try start(root, listener: listener, watchdogUSec: "0")
        #expect(
            await Eventually.poll { listener.index(of: "READY=1") != nil || daemon.process.exitIfEnded != nil },
            "\(daemon.logTail)"
        )
        #expect(listener.index(of: "READY=1") != nil, "\(listener.messages)\n\(daemon.logTail)")
        #expect(await daemon.stop() == .exited(0))
        #expect(listener.index(of: "STOPPING=1") != nil, "\(listener.messages)")
        // WATCHDOG_USEC=0: no watchdog.
        #expect(listener.index(of: "WATCHDOG=1") == nil, "\(listener.messages)")
    }

    @Test func watchdogForAnotherProcessIsNotPinged() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listener = try SystemdNotifyListener(address: root + "/notify.sock")
        defer { listener.close() }
        try DaemonHarness.write(Manifests.namespace("ml-team"), to: root + "/m/namespace.yaml")
        let daemon = try DaemonHarness.start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            // WATCHDOG_PID names another process (pid 1): the watchdog is not ours to ping.
            environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"]
        )
        #expect(await Eventually.poll { listener.index(of: "READY=1") != nil || daemon.process.exitIfEnded != nil })
        #expect(UnixSocketProbe.status(socket: daemon.socket, get: "/readyz") == 200)
        #expect(await daemon.stop() == .exited(0))
        #expect(listener.index(of: "READY=1") != nil && listener.index(of: "WATCHDOG=1") == nil, "\(listener.messages)")
    }
}
