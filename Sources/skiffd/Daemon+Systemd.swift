import Logging
import ServiceLifecycle
import SkiffControllers

extension Daemon {
    /// The services that talk to systemd, after the server and the control plane so that a graceful shutdown
    /// reaches them first: `STOPPING=1` goes out before the control plane drains.
    func systemdServices() -> [ServiceGroupConfiguration.ServiceConfiguration] {
        [
            .init(
                service: ReloadService(
                    source: support.source,
                    levels: support.levels,
                    notifier: support.notifier,
                    readiness: readiness,
                    plane: plane,
                    logger: logger,
                    running: RunningConfiguration(configuration)
                )
            ),
            .init(
                service: SystemdService(notifier: support.notifier, plane: plane, readiness: readiness, logger: logger)
            ),
        ]
    }

    /// Called once the API socket is bound: gives it its mode and group, then lets readiness be announced.
    func socketReady() async {
        do {
            try socketAccess.apply(to: configuration.socket)
            readiness.socketBound()
        } catch {
            // Never ready: systemd's start timeout fails the unit, and the log says why.
            logger.critical("\(error)")
        }
    }
}
