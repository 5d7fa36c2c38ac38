import Synchronization

/// A clock that moves only when told to, for tests and offline planning.
public final class ManualSchedulerClock: SchedulerClock {
    private struct Reading {
        var now: Duration
        var wallNow: Timestamp
    }

    private let reading: Mutex<Reading>

    /// A clock at monotonic time zero and the given calendar time.
    public init(wallNow: Timestamp = Timestamp(seconds: 1_700_000_000)) {
        reading = Mutex(Reading(now: .zero, wallNow: wallNow))
    }

    /// The time since the clock's origin.
    public var now: Duration { reading.withLock { $0.now } }

    /// The calendar time.
    public var wallNow: Timestamp { reading.withLock { $0.wallNow } }

    /// Moves both time lines forward by `duration` (the calendar by whole seconds elapsed).
    public func advance(by duration: Duration) {
        reading.withLock { reading in
            let before = reading.now.components.seconds
            reading.now += duration
            reading.wallNow.seconds += reading.now.components.seconds - before
        }
    }
}
