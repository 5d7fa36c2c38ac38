import Logging
import Synchronization

/// The daemon's log level, shared by every logger's handler so that a SIGHUP reload changes it everywhere at once
/// (loggers are values copied into every component; their handlers read this box).
final class LogLevelBox: Sendable {
    private let index: Atomic<Int>

    init(_ level: Logger.Level) {
        index = Atomic(Self.levels.firstIndex(of: level) ?? 2)
    }

    private static let levels = Logger.Level.allCases

    var level: Logger.Level {
        get { Self.levels[index.load(ordering: .relaxed)] }
        set { index.store(Self.levels.firstIndex(of: newValue) ?? 2, ordering: .relaxed) }
    }
}
