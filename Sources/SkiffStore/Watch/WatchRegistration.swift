import Synchronization

/// A running watch; ``cancel()`` stops it. Dropping the registration does not stop a callback watch (as an
/// informer runs until stopped); a ``WatchStream`` stops when it and its iterators are gone.
public final class WatchRegistration: Sendable {
    private let stop: @Sendable () -> Void
    private let stopped = Atomic<Bool>(false)

    /// A registration that calls `stop` once, on the first ``cancel()``.
    public init(stop: @escaping @Sendable () -> Void) {
        self.stop = stop
    }

    /// Removes the watcher. Its handler is not called again once a call in progress (if any) returns; a stream
    /// ends after the events already buffered. Safe to call more than once and from within the handler.
    public func cancel() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        stop()
    }

    /// Whether ``cancel()`` was called.
    public var isCancelled: Bool { stopped.load(ordering: .acquiring) }
}
