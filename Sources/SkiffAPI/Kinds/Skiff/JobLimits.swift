/// A job's limits: `timeout` for every job; the trial counts and per-trial timeout for sweeps. Times in seconds.
public struct JobLimits: Sendable, Hashable {
    /// The longest the job may run.
    public var timeout: Int64?
    /// How many trials a sweep runs at most.
    public var maxTotalTrials: Int?
    /// How many trials run at once.
    public var maxConcurrentTrials: Int?
    /// The longest one trial may run.
    public var trialTimeout: Int64?

    public init(
        timeout: Int64? = nil,
        maxTotalTrials: Int? = nil,
        maxConcurrentTrials: Int? = nil,
        trialTimeout: Int64? = nil
    ) {
        self.timeout = timeout
        self.maxTotalTrials = maxTotalTrials
        self.maxConcurrentTrials = maxConcurrentTrials
        self.trialTimeout = trialTimeout
    }

    /// A sweep's documented defaults: 1000 trials, 5,184,000 seconds (60 days).
    public static let sweepDefaults = JobLimits(timeout: 5_184_000, maxTotalTrials: 1000)

    /// Reads `limits`; sweep limits are read only for sweeps (a command job's `limits` has only `timeout`).
    public static func decode(_ r: MappingReader, naming: FieldNaming, sweep: Bool) -> JobLimits {
        func positive(_ name: String) -> Int64? {
            let key = naming(name)
            guard let value = r.int(key) else { return nil }
            guard value >= 1 else {
                r.context.error(r.path.child(key), r.mark(key), "Invalid value: \(value): must be greater than 0")
                return nil
            }
            return value
        }
        var limits = sweep ? sweepDefaults : JobLimits()
        if let timeout = positive("timeout") { limits.timeout = timeout }
        guard sweep else { return limits }
        if let total = positive("maxTotalTrials") { limits.maxTotalTrials = Int(clamping: total) }
        limits.maxConcurrentTrials = positive("maxConcurrentTrials").map { Int(clamping: $0) }
        limits.trialTimeout = positive("trialTimeout")
        return limits
    }

    /// The limits as a job prints them; nil when none is set.
    public var encoded: JSONValue? {
        var o = JSONObject()
        o.put("timeout", timeout.map { .int($0) })
        o.put("maxTotalTrials", maxTotalTrials.map { .int(Int64($0)) })
        o.put("maxConcurrentTrials", maxConcurrentTrials.map { .int(Int64($0)) })
        o.put("trialTimeout", trialTimeout.map { .int($0) })
        return o.isEmpty ? nil : .object(o)
    }
}
