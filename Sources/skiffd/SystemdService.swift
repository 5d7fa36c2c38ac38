import Logging
import ServiceLifecycle
import SkiffControllers

/// Tells systemd how skiffd is doing (`Type=notify`): `READY=1` with a `STATUS=` line once the first full
/// reconcile is done and the API socket is up, `STATUS=` again whenever the numbers change, `WATCHDOG=1` every
/// half `WatchdogSec=` but only while the controllers are running (so a daemon whose reconcile loop died is
/// restarted by systemd), and `STOPPING=1` as soon as a graceful shutdown starts. Listed last among the daemon's
/// services so that it is the first one told to shut down.
struct SystemdService: Service, CustomStringConvertible {
    let notifier: SystemdNotifier
    let plane: ControlPlane
    let readiness: DaemonReadiness
    let logger: Logger

    var description: String { "SystemdNotifier" }

    func run() async throws {
        await cancelWhenGracefulShutdown { await self.loop() }
        send("STOPPING=1\nSTATUS=stopping: finishing reconciles in flight; pods keep running")
    }

    private func loop() async {
        let clock = ContinuousClock()
        var nextWatchdog = clock.now
        var nextStatus = clock.now
        var lastStatus = ""
        while !Task.isCancelled {
            let now = clock.now
            if !readiness.isAnnounced, plane.isReady, readiness.isPrepared, readiness.announce() {
                lastStatus = DaemonStatusLine.text(plane.metricsSnapshot())
                send("READY=1\nSTATUS=\(lastStatus)")
                nextStatus = now + .seconds(5)
            }
            if let interval = notifier.watchdogInterval, now >= nextWatchdog {
                if plane.isHealthy {
                    send("WATCHDOG=1")
                } else {
                    logger.warning("the reconcile loop is not healthy: not pinging the systemd watchdog")
                }
                nextWatchdog = now + interval
            }
            if readiness.isAnnounced, now >= nextStatus {
                let status = DaemonStatusLine.text(plane.metricsSnapshot())
                if status != lastStatus { send("STATUS=\(status)") }
                lastStatus = status
                nextStatus = now + .seconds(5)
            }
            // Short ticks until ready (READY=1 within a few milliseconds of the first full reconcile: start-up time
            // is measured to it), then at most a second (watchdog intervals may be short).
            var tick: Duration = readiness.isAnnounced ? .seconds(1) : .milliseconds(5)
            if let interval = notifier.watchdogInterval { tick = min(tick, interval) }
            try? await Task.sleep(for: tick)
        }
    }

    private func send(_ state: String) {
        do {
            try notifier.notify(state)
        } catch {
            logger.warning("sd_notify failed: \(error)")
        }
    }
}
