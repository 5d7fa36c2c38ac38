/// A handle on work that a ``Clock`` will run later; ``cancel()`` keeps it from running.
public struct ScheduledWork: Sendable {
    private let cancelAction: @Sendable () -> Void

    /// Creates a handle whose ``cancel()`` runs `cancel`. Clock implementations call this.
    ///
    /// - Parameter cancel: Stops the scheduled work; must be idempotent, must not block on the work itself and
    ///   must never run the work.
    public init(cancel: @escaping @Sendable () -> Void) {
        self.cancelAction = cancel
    }

    /// Keeps the work from running if it has not started yet. Idempotent; a no-op once the work has run.
    ///
    /// - Important: Work that a real clock has already started on another thread runs to completion, so code
    ///   that cancels must still tolerate one late call (typically by checking its own state in the callback).
    public func cancel() {
        cancelAction()
    }
}
