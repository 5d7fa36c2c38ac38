import Foundation

/// The time source that Skiff injects everywhere time matters, so that tests can drive time by hand.
///
/// Two time lines: ``now`` is monotonic (deadlines, durations, backoff) and ``wallNow`` is the calendar time
/// that goes into object timestamps. ``SystemClock`` is the real one, ``ManualClock`` the one tests use.
public protocol Clock: Sendable {
    /// The current instant on the clock's monotonic time line.
    var now: MonotonicInstant { get }

    /// The current wall-clock time, for timestamps written into objects and events.
    var wallNow: Date { get }

    /// Runs `work` once, no earlier than `delay` from now.
    ///
    /// - Important: Implementations never run `work` synchronously on the caller and never block the caller on
    ///   it, so callers may schedule and cancel while holding their own locks. The work must not assume any
    ///   particular thread.
    /// - Parameters:
    ///   - delay: How long to wait; zero or negative means "as soon as possible" (for ``ManualClock``: on the
    ///     next ``ManualClock/advance(by:)``).
    ///   - work: What to run.
    /// - Returns: A handle that cancels the work.
    @discardableResult
    func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) -> ScheduledWork
}
