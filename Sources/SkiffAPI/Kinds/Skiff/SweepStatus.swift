/// A sweep's progress (`status.sweep` of a `type: sweep` Job): its trials by state, each trial's parameters,
/// metric and fate, and the best trial so far.
public struct SweepStatus: Sendable, Hashable {
    /// How many trials the sweep runs in all (`max_total_trials`, or fewer when a grid has fewer points).
    public var totalTrials: Int
    /// Trials by state.
    public var counts: SweepTrialCounts
    /// The index of the best trial by the primary metric, nil until a trial reported it.
    public var bestTrial: Int?
    /// The trials created so far, by index.
    public var trials: [SweepTrialStatus]

    public init(totalTrials: Int = 0, counts: SweepTrialCounts = SweepTrialCounts(), bestTrial: Int? = nil,
                trials: [SweepTrialStatus] = []) {
        self.totalTrials = totalTrials
        self.counts = counts
        self.bestTrial = bestTrial
        self.trials = trials
    }

    /// The best trial's record.
    public var best: SweepTrialStatus? {
        guard let bestTrial else { return nil }
        return trials.first { $0.index == bestTrial }
    }

    /// Reads `status.sweep`.
    public init?(json: JSONValue) {
        guard case .object(let o) = json else { return nil }
        totalTrials = Int(clamping: o["totalTrials"].flatMap(SweepDistribution.double).map { Int64($0) } ?? 0)
        counts = o["trialCounts"].map(SweepTrialCounts.init(json:)) ?? SweepTrialCounts()
        bestTrial = o["bestTrial"].flatMap(SweepDistribution.double).map { Int($0) }
        if case .array(let items) = o["trials"] {
            trials = items.compactMap(SweepTrialStatus.init(json:))
        } else {
            trials = []
        }
    }

    public var encoded: JSONValue {
        var o = JSONObject()
        o["totalTrials"] = .int(Int64(totalTrials))
        o["trialCounts"] = counts.encoded
        o.put("bestTrial", bestTrial.map { .int(Int64($0)) })
        o.put("trials", nonEmpty: trials.map(\.encoded))
        return .object(o)
    }
}

/// How many of a sweep's trials are in each state (Azure ML's names: `Queued` counts `Queued` trials, `Running`
/// counts `Starting` and `Running` ones, `Canceled` counts `Canceling` and `Canceled` ones).
public struct SweepTrialCounts: Sendable, Hashable {
    public var queued: Int
    public var running: Int
    public var completed: Int
    public var failed: Int
    public var canceled: Int

    public init(queued: Int = 0, running: Int = 0, completed: Int = 0, failed: Int = 0, canceled: Int = 0) {
        self.queued = queued
        self.running = running
        self.completed = completed
        self.failed = failed
        self.canceled = canceled
    }

    /// Trials that are over.
    public var finished: Int { completed + failed + canceled }
    /// Trials that are not over.
    public var active: Int { queued + running }

    init(json: JSONValue) {
        func count(_ key: String) -> Int {
            Int(clamping: json[key].flatMap(SweepDistribution.double).map { Int64($0) } ?? 0)
        }
        self.init(
            queued: count("queued"),
            running: count("running"),
            completed: count("completed"),
            failed: count("failed"),
            canceled: count("canceled")
        )
    }

    public var encoded: JSONValue {
        .object([
            "queued": .int(Int64(queued)), "running": .int(Int64(running)), "completed": .int(Int64(completed)),
            "failed": .int(Int64(failed)), "canceled": .int(Int64(canceled)),
        ])
    }
}

/// One trial of a sweep: the trial Job `<sweep>-<index>`, its sampled parameters, its primary metric and, when an
/// early-termination policy or a limit stopped it, which and why.
public struct SweepTrialStatus: Sendable, Hashable {
    public var index: Int
    /// The trial Job's name.
    public var name: String
    /// Parameter name → sampled value, sorted by name.
    public var parameters: JSONObject
    /// The trial Job's phase (`Queued`, `Running`, `Completed`, …).
    public var phase: String
    /// The best value of the primary metric the trial reported, by the objective's goal.
    public var bestMetric: Double?
    /// The last value it reported.
    public var lastMetric: Double?
    /// How many times it reported the primary metric (its intervals).
    public var intervals: Int
    /// The last interval the early-termination policy looked at.
    public var evaluatedInterval: Int
    /// What stopped the trial: `bandit`, `median_stopping`, `truncation_selection`, `trial_timeout`, `timeout`
    /// or `canceled`; nil when nothing did.
    public var stoppedBy: String?
    /// The values that stopped it (`best metric 0.42 at interval 5 is below 0.727 = 0.8 / (1 + slack_factor 0.1)`).
    public var stopReason: String?

    public init(index: Int, name: String, parameters: JSONObject, phase: String = "", bestMetric: Double? = nil,
                lastMetric: Double? = nil, intervals: Int = 0, evaluatedInterval: Int = 0, stoppedBy: String? = nil,
                stopReason: String? = nil) {
        self.index = index
        self.name = name
        self.parameters = parameters
        self.phase = phase
        self.bestMetric = bestMetric
        self.lastMetric = lastMetric
        self.intervals = intervals
        self.evaluatedInterval = evaluatedInterval
        self.stoppedBy = stoppedBy
        self.stopReason = stopReason
    }

    /// Whether the trial is over.
    public var isFinished: Bool { Job.Phase(rawValue: phase)?.isFinished ?? false }

    /// `B=hello, C=0.53`.
    public var parameterSummary: String {
        parameters.entries.map { "\($0.key)=\(Self.text($0.value))" }.joined(separator: ", ")
    }

    /// A parameter value as a command line sees it.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .number(let n): n
        case .bool(let b): b ? "True" : "False"
        case .null: "None"
        default: value.serialized()
        }
    }

    init?(json: JSONValue) {
        guard case .object(let o) = json, let index = o["index"].flatMap(SweepDistribution.double) else { return nil }
        func int(_ key: String) -> Int {
            Int(clamping: o[key].flatMap(SweepDistribution.double).map { Int64($0) } ?? 0)
        }
        self.index = Int(index)
        name = o["name"]?.stringValue ?? ""
        if case .object(let parameters) = o["parameters"] { self.parameters = parameters } else { parameters = [:] }
        phase = o["phase"]?.stringValue ?? ""
        bestMetric = o["bestMetric"].flatMap(SweepDistribution.double)
        lastMetric = o["lastMetric"].flatMap(SweepDistribution.double)
        intervals = int("intervals")
        evaluatedInterval = int("evaluatedInterval")
        stoppedBy = o["stoppedBy"]?.stringValue
        stopReason = o["stopReason"]?.stringValue
    }

    public var encoded: JSONValue {
        var o = JSONObject()
        o["index"] = .int(Int64(index))
        o["name"] = .string(name)
        o["parameters"] = .object(parameters)
        o.put("phase", nonEmpty: phase)
        o.put("bestMetric", bestMetric.map(SweepDistribution.number))
        o.put("lastMetric", lastMetric.map(SweepDistribution.number))
        if intervals > 0 { o["intervals"] = .int(Int64(intervals)) }
        if evaluatedInterval > 0 { o["evaluatedInterval"] = .int(Int64(evaluatedInterval)) }
        o.put("stoppedBy", nonEmpty: stoppedBy)
        o.put("stopReason", nonEmpty: stopReason)
        return .object(o)
    }
}
