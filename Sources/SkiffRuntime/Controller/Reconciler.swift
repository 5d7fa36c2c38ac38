/// Moves observed state one step toward desired state for one key.
///
/// Reconciliation is level-based, as in controller-runtime: the key carries no event, so the reconciler re-reads
/// desired and observed state every time, and must be idempotent and safe to re-run after a crash at any point.
/// A ``Controller`` never runs two reconciles of the same key at once, but runs different keys in parallel.
public protocol Reconciler: Sendable {
    /// What identifies one reconcilable object (typically an object key).
    associatedtype Key: Hashable & Sendable

    /// Reconciles `key`, blocking the worker thread while it works.
    ///
    /// - Returns: Whether and when to reconcile the key again.
    /// - Throws: Any error; the controller logs it and requeues the key with exponential backoff.
    func reconcile(_ key: Key) throws -> ReconcileResult
}
