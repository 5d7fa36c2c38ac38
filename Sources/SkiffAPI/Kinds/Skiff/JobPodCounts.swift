/// How many of a job's pods are in each phase (`status.pods`): `pending` counts pods not yet running
/// (unscheduled, or scheduled and starting).
public struct JobPodCounts: Sendable, Hashable {
    public var pending: Int
    public var running: Int
    public var succeeded: Int
    public var failed: Int

    public init(pending: Int = 0, running: Int = 0, succeeded: Int = 0, failed: Int = 0) {
        self.pending = pending
        self.running = running
        self.succeeded = succeeded
        self.failed = failed
    }

    /// Every pod counted.
    public var total: Int { pending + running + succeeded + failed }

    /// Reads `{pending, running, succeeded, failed}`; absent counts are 0.
    public static func decode(_ r: MappingReader) -> JobPodCounts {
        func count(_ key: String) -> Int { Int(clamping: r.int(key) ?? 0) }
        return JobPodCounts(
            pending: count("pending"),
            running: count("running"),
            succeeded: count("succeeded"),
            failed: count("failed")
        )
    }

    /// All four counts, in that order.
    public var encoded: JSONValue {
        .object([
            "pending": .int(Int64(pending)),
            "running": .int(Int64(running)),
            "succeeded": .int(Int64(succeeded)),
            "failed": .int(Int64(failed)),
        ])
    }
}
