import Dispatch
import Foundation
import Glibc

/// The real clock: `CLOCK_MONOTONIC` for ``now``, the system's calendar time for ``wallNow`` and Dispatch
/// timers for ``schedule(after:_:)``.
public struct SystemClock: Clock {
    /// The queue scheduled work runs on by default.
    ///
    /// A serial queue of its own (not a global concurrent queue) because Linux Dispatch sizes the global pool to
    /// the core count: timers must still fire when workers elsewhere block their threads.
    public static let sharedQueue = DispatchQueue(label: "skiff.clock")

    private let queue: DispatchQueue

    /// Creates a system clock whose scheduled work runs on `queue`.
    public init(queue: DispatchQueue = SystemClock.sharedQueue) {
        self.queue = queue
    }

    /// `CLOCK_MONOTONIC` (time since boot, not counting suspension), which no change of the system time moves.
    public var now: MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(sinceOrigin: .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec))
    }

    /// The system's calendar time.
    public var wallNow: Date {
        Date()
    }

    /// Runs `work` on the clock's queue after `delay`, with a one-shot Dispatch timer (1 ms leeway).
    @discardableResult
    public func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) -> ScheduledWork {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let handle = DispatchSourceHandle(timer)
        timer.schedule(deadline: .now() + Self.dispatchInterval(delay), repeating: .never, leeway: .milliseconds(1))
        timer.setEventHandler { @Sendable in
            // Cancelling releases the handler block and with it the reference cycle through `handle`.
            handle.cancel()
            work()
        }
        timer.activate()
        return ScheduledWork { handle.cancel() }
    }

    /// Converts a duration to whole nanoseconds for Dispatch, clamping negatives to zero and huge values to a
    /// century (Dispatch's own arithmetic saturates, but `Int` nanoseconds would overflow first).
    static func dispatchInterval(_ delay: Duration) -> DispatchTimeInterval {
        guard delay > .zero else { return .nanoseconds(0) }
        let (seconds, attoseconds) = delay.components
        let century: Int64 = 100 * 365 * 86_400
        guard seconds < century else { return .seconds(Int(century)) }
        return .nanoseconds(Int(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
