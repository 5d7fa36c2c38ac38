/// What a sweep optimises: a metric the trials log, minimised or maximised.
public struct SweepObjective: Sendable, Hashable {
    /// The goals.
    public static let goals = ["minimize", "maximize"]

    /// `minimize` or `maximize`.
    public var goal: String
    /// The metric's name as the trials log it.
    public var primaryMetric: String

    public init(goal: String, primaryMetric: String) {
        self.goal = goal
        self.primaryMetric = primaryMetric
    }

    /// Reads `{goal, primary_metric}` (`primaryMetric` in Skiff's Job).
    public static func decode(_ r: MappingReader, naming: FieldNaming) -> SweepObjective? {
        let goal = r.enumeration("goal", goals, required: true, caseInsensitive: true)
        let metric = r.string(naming("primaryMetric"), required: true)
        guard let goal, let metric else { return nil }
        return SweepObjective(goal: goal, primaryMetric: metric)
    }

    /// The objective as a job prints it.
    public var encoded: JSONValue {
        .object(["goal": .string(goal), "primaryMetric": .string(primaryMetric)])
    }
}
