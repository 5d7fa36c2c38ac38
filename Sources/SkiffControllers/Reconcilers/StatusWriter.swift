/// Writes an object's status only when it changed, so that a level-based reconcile that finds everything in
/// order writes nothing (no resourceVersion churn, no watch events, no reconcile loops).
enum StatusWriter {
    /// Sets `conditions` on a copy of `object` via `mutate`, and writes the status if anything changed.
    /// A conflict (someone wrote in between) throws, and the controller retries with backoff.
    static func write<T: APIObject>(_ object: T, store: any ObjectStore, _ mutate: (inout T) -> Void) throws {
        var updated = object
        mutate(&updated)
        guard updated.status != object.status else { return }
        _ = try store.updateStatus(updated)
    }
}
