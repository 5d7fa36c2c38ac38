#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real clock: `ContinuousClock` for the monotonic time line, the system's calendar time for timestamps.
public struct SystemSchedulerClock: SchedulerClock {
    private let origin: ContinuousClock.Instant

    /// A clock whose monotonic origin is now.
    public init() {
        origin = ContinuousClock.now
    }

    /// The time since the clock was made.
    public var now: Duration { ContinuousClock.now - origin }

    /// The calendar time, in whole seconds as Kubernetes' timestamps are.
    public var wallNow: Timestamp { Timestamp(seconds: Int64(time(nil))) }
}
