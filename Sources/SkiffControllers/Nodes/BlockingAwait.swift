import Dispatch
import Synchronization

/// Runs async work to completion from a synchronous reconcile. Reconcilers run on the controllers' Dispatch
/// worker threads, never on Swift's cooperative pool, so blocking one of them while a task runs is safe.
enum BlockingAwait {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let result = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let value = await work()
            result.value.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.value.withLock { $0! }
    }

    /// A result shared with the task (a `Mutex` cannot be captured by value).
    private final class ResultBox<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }
}
