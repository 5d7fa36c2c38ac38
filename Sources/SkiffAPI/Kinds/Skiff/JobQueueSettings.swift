/// Where a job waits for capacity: its tier (`spot`, `basic`, `standard`, `premium`) and priority (`low`,
/// `medium`, `high`).
public struct JobQueueSettings: Sendable, Hashable {
    /// The tiers, lowercase.
    public static let jobTiers = ["spot", "basic", "standard", "premium"]
    /// The priorities, lowercase.
    public static let priorities = ["low", "medium", "high"]

    /// One of ``jobTiers``.
    public var jobTier: String?
    /// One of ``priorities``.
    public var priority: String?

    public init(jobTier: String? = nil, priority: String? = nil) {
        self.jobTier = jobTier
        self.priority = priority
    }

    /// Reads `queue_settings`/`queueSettings`; values compare case-insensitively and are stored lowercase.
    public static func decode(_ r: MappingReader, naming: FieldNaming) -> JobQueueSettings {
        JobQueueSettings(
            jobTier: r.enumeration(naming("jobTier"), jobTiers, caseInsensitive: true),
            priority: r.enumeration("priority", priorities, caseInsensitive: true)
        )
    }

    /// The settings as a job prints them.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("jobTier", nonEmpty: jobTier)
        o.put("priority", nonEmpty: priority)
        return .object(o)
    }
}
