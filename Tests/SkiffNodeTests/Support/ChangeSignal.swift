import Synchronization
import Testing

/// Counts a runtime's change notifications and lets a test wait, with a generous deadline, until a condition on
/// the runtime holds; no sleeping, each wait wakes on the next notification.
final class ChangeSignal: Sendable {
    private struct State {
        var count = 0
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// The handler to give the runtime.
    var handler: @Sendable (String) -> Void {
        { [self] _ in signal() }
    }

    func signal() {
        let waiters = state.withLock { state in
            state.count += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    private var count: Int { state.withLock { $0.count } }

    /// Returns when a notification arrives after `seen` notifications, or when the task is cancelled.
    private func waitForChange(after seen: Int) async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.count > seen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }

    /// Waits until `condition` holds, re-checking it after every notification.
    /// - Returns: whether it held before the deadline.
    @discardableResult
    func wait(
        upTo deadline: Duration = .seconds(30),
        sourceLocation: SourceLocation = #_sourceLocation,
        until condition: @Sendable () -> Bool
    ) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while true {
            let seen = count
            if condition() { return true }
            let remaining = end - clock.now
            if remaining <= .zero {
                Issue.record("condition not met within \(deadline)", sourceLocation: sourceLocation)
                return false
            }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.waitForChange(after: seen) }
                group.addTask { try? await Task.sleep(for: remaining) }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
