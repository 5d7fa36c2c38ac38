import Synchronization

/// Counts change notifications.
final class Counter: Sendable {
    private let value = Mutex(0)

    var handler: @Sendable (String) -> Void {
        { [self] _ in value.withLock { $0 += 1 } }
    }

    var count: Int { value.withLock { $0 } }
}
