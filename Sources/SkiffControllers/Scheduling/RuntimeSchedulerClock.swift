import SkiffScheduler

/// The runtime ``Clock`` seen as the scheduler's ``SchedulerClock``: the scheduler's backoff and queue timers then
/// move with the daemon's clock (a ``ManualClock`` in tests and offline planning).
struct RuntimeSchedulerClock: SchedulerClock {
    let clock: any Clock

    var now: Duration { clock.now.sinceOrigin }

    var wallNow: Timestamp { clock.timestamp }
}
