import Synchronization
@testable import SkiffRuntime

/// Collects values from other threads and lets a test block until they satisfy a predicate (with a generous
/// deadline) instead of sleeping.
final class Waiter<Value: Sendable>: Sendable {
    private let lock: ConditionLock<Value>

    init(_ initial: Value) {
        lock = ConditionLock(initial)
    }

    /// Changes the value and wakes the waiting test.
    func update(_ body: (inout Value) -> Void) {
        lock.withLock { body(&$0) }
        lock.broadcast(0)
    }

    var value: Value {
        lock.withLock { $0 }
    }

    /// Blocks until `predicate` holds or `timeout` passes; returns whether it held.
    func wait(timeout: Duration = .seconds(20), until predicate: @escaping (Value) -> Bool) -> Bool {
        lock.withLock(waitingOn: 0, until: { predicate($0) }, timeout: timeout) { _, ready in ready }
    }
}
