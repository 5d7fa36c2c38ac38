/// What a ``Reconciler`` wants done with a key after reconciling it (controller-runtime's `reconcile.Result`).
public enum ReconcileResult: Sendable, Hashable {
    /// The key is in its desired state; its failure backoff is reset.
    case done
    /// Reconcile the key again after its per-key backoff (which grows as for a failure).
    case requeue
    /// Reconcile the key again after the given delay; its failure backoff is reset. A zero or negative delay
    /// requeues it at once.
    case requeueAfter(Duration)
}
