import SkiffControllers
import Synchronization

/// The configuration in force, which a SIGHUP reload updates with what it applied (so the next reload compares
/// against what runs, not against what the daemon started with).
final class RunningConfiguration: Sendable {
    private let value: Mutex<DaemonConfiguration>

    init(_ configuration: DaemonConfiguration) {
        value = Mutex(configuration)
    }

    var current: DaemonConfiguration {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
