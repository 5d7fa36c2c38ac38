#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex.
///
/// Used instead of `Mutex` from Synchronization because the store's locks are contended by writer threads: on
/// Linux, `Mutex`'s contended path (`_lockSlow`/`_unlockSlow`, a futex) runs inside the uninstrumented standard
/// library, so ThreadSanitizer misses its synchronisation and reports false races, while it intercepts
/// `pthread_mutex_*` and sees these.
///
/// `@unchecked Sendable` is safe because the only state is the mutex, which lives at a fixed address exactly as
/// long as the lock and is only touched through the thread-safe `pthread_mutex_*` functions.
package final class PthreadLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` holding the mutex. Not re-entrant.
    package func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
