import SkiffControllers

/// The `STATUS=` text systemd shows in `systemctl status skiffd`: what the folder declares, what runs, what is
/// broken.
enum DaemonStatusLine {
    static func text(_ metrics: ControlPlaneMetrics) -> String {
        let files = metrics.filesByPhase.values.reduce(0, +)
        let running = metrics.podsByPhase[PodPhase.running.rawValue] ?? 0
        let pending = metrics.podsByPhase[PodPhase.pending.rawValue] ?? 0
        let broken = metrics.fileErrors.count
        return "\(metrics.declaredObjects) objects from \(files) files, \(running) pods running, \(pending) pending, "
            + "\(broken) \(broken == 1 ? "file" : "files") with errors"
    }
}
