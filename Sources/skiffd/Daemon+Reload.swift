import Logging
import ServiceLifecycle
import SkiffNode
import SkiffControllers
import Synchronization
import UnixSignals

/// SIGHUP (`systemctl reload skiffd`): tells systemd `RELOADING=1` with `MONOTONIC_USEC=`, reads the
/// configuration again (file, then the same flags), applies what can change in a running daemon, and answers
/// `READY=1`. Applied at once: `logLevel`; `manifests` (the new folder is watched and scanned; objects declared in
/// both folders stay, the others go as if their files were deleted); and the local node's `node:` settings
/// (labels, reserved resources, pod limit, device plugin). The rest (state directory, socket, workers, limits,
/// scheduler, turning the local node on or off, renaming it) is wired in at start, so a change is logged as
/// waiting for a restart (`systemctl restart skiffd`, which leaves pods running). A configuration that does not
/// parse changes nothing: the error is logged and shown in `STATUS=`.
struct ReloadService: Service, CustomStringConvertible {
    let source: ConfigurationSource
    let levels: LogLevelBox
    let notifier: SystemdNotifier
    let readiness: DaemonReadiness
    let plane: ControlPlane
    let logger: Logger
    /// The configuration in force; each reload compares against it and records what it applied.
    let running: RunningConfiguration

    var description: String { "ConfigurationReload" }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let signals = await UnixSignalsSequence(trapping: .sighup)
            readiness.reloadArmed()
            for await _ in signals {
                reload()
            }
        }
    }

    /// One reload, as described on the type.
    func reload() {
        send("RELOADING=1\nMONOTONIC_USEC=\(SystemdNotifier.monotonicMicroseconds())")
        var status: String
        do {
            let next = try source.resolve()
            let level = Logger.Level(rawValue: next.logLevel) ?? .info
            levels.level = level
            var applied = running.current
            applied.logLevel = next.logLevel
            logger.info("reloaded the configuration from \(source.file ?? "the flags"): log level \(level)")
            logger.debug("debug logging is on")
            if next.manifests != applied.manifests {
                do {
                    try plane.watchManifests(at: next.manifests)
                    logger.info("reload: now watching \(next.manifests) (was \(applied.manifests))")
                    applied.manifests = next.manifests
                } catch {
                    logger.error("reload: cannot watch \(next.manifests) (\(error)); still watching \(applied.manifests)")
                }
            }
            if next.node != applied.node, next.node.enabled == applied.node.enabled,
                let local = ControlPlane.Options(daemon: next, probingCgroups: false).localNode
            {
                do {
                    if try plane.reconfigureLocalNode(local) {
                        logger.info("reload: the local node's settings are applied")
                        applied.node = next.node
                    }
                } catch {
                    logger.error("reload: \(error)")
                }
            }
            running.current = applied
            let waiting = Self.changesNeedingRestart(from: applied, to: next)
            if !waiting.isEmpty {
                let names = waiting.joined(separator: ", ")
                logger.warning("reload: \(names) changed; the change takes effect when skiffd restarts (pods keep running)")
            }
            status = DaemonStatusLine.text(plane.metricsSnapshot())
        } catch {
            logger.error("reload failed, the running configuration stays in force:\n\(error)")
            status = "reload failed: \(error)".replacingNewlines()
        }
        // Before the first READY=1, announcing readiness now would be early: the first-ready path sends it.
        if readiness.isAnnounced {
            send("READY=1\nSTATUS=\(status)")
        } else {
            send("STATUS=\(status)")
        }
    }

    /// The settings other than the log level that differ.
    static func changesNeedingRestart(from old: DaemonConfiguration, to new: DaemonConfiguration) -> [String] {
        var names: [String] = []
        if old.manifests != new.manifests { names.append("manifests") }
        if old.stateDir != new.stateDir { names.append("stateDir") }
        if old.socket != new.socket { names.append("socket") }
        if old.socketGroup != new.socketGroup { names.append("socketGroup") }
        if old.debounceMilliseconds != new.debounceMilliseconds { names.append("debounceMilliseconds") }
        if old.workers != new.workers { names.append("workers") }
        if old.limits != new.limits { names.append("limits") }
        if old.node != new.node { names.append("node") }
        if old.scheduler != new.scheduler { names.append("scheduler") }
        if old.api != new.api { names.append("api") }
        return names
    }

    private func send(_ state: String) {
        do {
            try notifier.notify(state)
        } catch {
            logger.warning("sd_notify failed: \(error)")
        }
    }
}

extension String {
    /// One line: STATUS= must not contain newlines (each line of a notification is a separate assignment).
    fileprivate func replacingNewlines() -> String {
        split(whereSeparator: \.isNewline).joined(separator: "; ")
    }
}
