import Glibc

/// A pthread mutex with condition variables: blocking waits for Dispatch worker threads, and the lock for state
/// that several threads contend for.
///
/// `Mutex` from Synchronization has no condition variable, and work-queue workers must sleep until a key
/// arrives. Workers are Dispatch or thread loops, never async tasks, so a blocked worker holds a thread of its
/// own and never starves Swift's cooperative pool.
///
/// It is also used instead of `Mutex` wherever threads contend: on Linux, `Mutex`'s contended path
/// (`_lockSlow`/`_unlockSlow`, a futex) runs inside the uninstrumented standard library, so ThreadSanitizer
/// misses its synchronisation and reports false races; it intercepts `pthread_mutex_*` and sees these.
///
/// `@unchecked Sendable` is safe because:
/// - `state` is read and written only between `pthread_mutex_lock` and `pthread_mutex_unlock` (every accessor
///   below goes through ``withLock(_:)`` or the waiting variants, and `pthread_cond_wait` re-acquires the mutex
///   before returning), and `State` is itself `Sendable`, so values handed out are safe to use elsewhere;
/// - the pthread objects live in heap memory allocated once in `init` and freed in `deinit`, so their
///   addresses never move (pthread objects must not be moved or copied);
/// - every wait re-checks its predicate in a loop, so spurious wake-ups and stolen signals are harmless.
final class ConditionLock<State: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let conditions: UnsafeMutablePointer<pthread_cond_t>
    private let conditionCount: Int
    private var state: State

    /// Creates the lock around `state` with `conditions` independent condition variables, numbered from 0.
    ///
    /// Separate conditions for separate predicates let `signal` wake a waiter that can make progress
    /// (with one condition a signal could wake a thread waiting for something else and be lost).
    init(_ state: State, conditions: Int = 1) {
        precondition(conditions >= 1, "a ConditionLock needs at least one condition")
        self.state = state
        self.conditionCount = conditions
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        self.conditions = .allocate(capacity: conditions)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Timed waits measure against the monotonic clock, so changing the system time cannot stretch them.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        for index in 0..<conditions {
            pthread_cond_init(self.conditions + index, &attributes)
        }
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        for index in 0..<conditionCount {
            pthread_cond_destroy(conditions + index)
        }
        conditions.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the state.
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }

    /// Sleeps on `condition` until `ready` holds, then runs `body` under the same lock acquisition.
    func withLock<Result>(
        waitingOn condition: Int,
        until ready: (inout State) -> Bool,
        _ body: (inout State) throws -> Result
    ) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !ready(&state) {
            pthread_cond_wait(conditions + condition, mutex)
        }
        return try body(&state)
    }

    /// Sleeps on `condition` until `ready` holds or `timeout` passes, then runs `body` under the same lock
    /// acquisition, telling it whether `ready` held.
    func withLock<Result>(
        waitingOn condition: Int,
        until ready: (inout State) -> Bool,
        timeout: Duration,
        _ body: (inout State, _ isReady: Bool) throws -> Result
    ) rethrows -> Result {
        let deadline = Self.monotonicDeadline(after: timeout)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        var isReady = ready(&state)
        while !isReady {
            var absolute = deadline
            if pthread_cond_timedwait(conditions + condition, mutex, &absolute) == ETIMEDOUT {
                isReady = ready(&state)
                break
            }
            isReady = ready(&state)
        }
        return try body(&state, isReady)
    }

    /// Wakes one thread waiting on `condition`. May be called with or without the lock held.
    func signal(_ condition: Int) {
        pthread_cond_signal(conditions + condition)
    }

    /// Wakes every thread waiting on `condition`. May be called with or without the lock held.
    func broadcast(_ condition: Int) {
        pthread_cond_broadcast(conditions + condition)
    }

    private static func monotonicDeadline(after timeout: Duration) -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let (seconds, attoseconds) = max(timeout, .zero).components
        let cappedSeconds = min(seconds, Int64(Int32.max))
        var result = timespec()
        let nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        result.tv_sec = now.tv_sec + Int(cappedSeconds) + nanoseconds / 1_000_000_000
        result.tv_nsec = nanoseconds % 1_000_000_000
        return result
    }
}
