import Synchronization

/// What must be true before skiffd tells systemd `READY=1`, besides the control plane's first full reconcile:
/// the API socket is bound (with its mode and group set) and the SIGHUP handler is installed (before it, a
/// `systemctl reload` would kill the daemon: SIGHUP's default action). Also records whether `READY=1` was sent,
/// so that a reload before that does not announce readiness early.
final class DaemonReadiness: Sendable {
    private struct State {
        var socketBound = false
        var reloadArmed = false
        var announced = false
    }

    private let state = Mutex(State())

    func socketBound() { state.withLock { $0.socketBound = true } }

    func reloadArmed() { state.withLock { $0.reloadArmed = true } }

    /// Whether the socket is up and reloads are handled.
    var isPrepared: Bool { state.withLock { $0.socketBound && $0.reloadArmed } }

    /// Marks `READY=1` as sent; returns false if it already was.
    func announce() -> Bool {
        state.withLock { state in
            defer { state.announced = true }
            return !state.announced
        }
    }

    /// Whether `READY=1` was sent.
    var isAnnounced: Bool { state.withLock { $0.announced } }
}
