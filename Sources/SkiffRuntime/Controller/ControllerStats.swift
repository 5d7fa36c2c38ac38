import Foundation

/// A snapshot of a ``Controller``'s counters, for health checks and metrics.
public struct ControllerStats: Sendable, Hashable {
    /// Wall time of the last reconcile that did not throw, if any.
    public var lastSuccessfulReconcile: Date?
    /// Monotonic time of the last reconcile that did not throw, for measuring its age on the controller's clock.
    public var lastSuccessfulReconcileInstant: MonotonicInstant?
    /// Keys being reconciled right now.
    public var inFlight: Int
    /// Keys ready and waiting for a worker.
    public var queued: Int
    /// Keys held back by a delay (backoff or `requeueAfter`).
    public var delayed: Int
    /// Reconciles finished since start, failed ones included.
    public var totalReconciles: Int
    /// Reconciles that threw.
    public var totalErrors: Int
    /// Whether the worker loops are running.
    public var isRunning: Bool

    /// Creates a snapshot; controllers build these, tests may too.
    public init(
        lastSuccessfulReconcile: Date? = nil,
        lastSuccessfulReconcileInstant: MonotonicInstant? = nil,
        inFlight: Int = 0,
        queued: Int = 0,
        delayed: Int = 0,
        totalReconciles: Int = 0,
        totalErrors: Int = 0,
        isRunning: Bool = false
    ) {
        self.lastSuccessfulReconcile = lastSuccessfulReconcile
        self.lastSuccessfulReconcileInstant = lastSuccessfulReconcileInstant
        self.inFlight = inFlight
        self.queued = queued
        self.delayed = delayed
        self.totalReconciles = totalReconciles
        self.totalErrors = totalErrors
        self.isRunning = isRunning
    }
}
