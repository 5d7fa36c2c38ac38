/// The time source of the scheduler: a monotonic time line for backoff and queue timers, and the wall clock for
/// condition and ledger timestamps.
///
/// SkiffScheduler depends on SkiffStore only, so it does not use SkiffRuntime's `Clock`; a daemon adapts its clock
/// in two lines (`now` = the runtime clock's time since its origin, `wallNow` = its wall time in seconds). Tests
/// and offline planning use ``ManualSchedulerClock``.
public protocol SchedulerClock: Sendable {
    /// The time since an arbitrary fixed origin; never goes backwards.
    var now: Duration { get }
    /// The current calendar time.
    var wallNow: Timestamp { get }
}

extension SchedulerClock {
    /// ``wallNow`` as a function, for configurations that take a time source.
    @Sendable public func wallTimestamp() -> Timestamp { wallNow }
}
