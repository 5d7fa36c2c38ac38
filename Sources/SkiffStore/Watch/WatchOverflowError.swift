/// Ends a ``WatchStream`` whose consumer fell more than its buffer behind. Not a failure of the watch's request:
/// the API layer ends the response and the client watches again from the last resourceVersion it received, as
/// Kubernetes closes an unresponsive watcher.
public struct WatchOverflowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The buffer the consumer overran.
    public var capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public var description: String {
        "watch closed: the watcher fell more than \(capacity) events behind; watch again from the last "
            + "resourceVersion received"
    }
}
