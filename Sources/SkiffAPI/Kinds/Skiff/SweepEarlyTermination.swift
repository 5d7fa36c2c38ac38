/// A sweep's early-termination policy, as Azure ML defines it: `bandit` (`slack_factor` or `slack_amount`),
/// `median_stopping`, or `truncation_selection` (`truncation_percentage`, `exclude_finished_jobs`), each applied
/// at every multiple of `evaluation_interval` that is at least `delay_evaluation`. An interval is one report of
/// the primary metric by a trial.
public struct SweepEarlyTermination: Sendable, Hashable {
    /// The policies.
    public enum Policy: Sendable, Hashable {
        /// Stops a trial whose best metric falls outside the slack of the best trial's.
        case bandit(slackFactor: Double?, slackAmount: Double?)
        /// Stops a trial whose best metric is worse than the median of the trials' running averages.
        case medianStopping
        /// Stops a trial ranked in the lowest `percentage` of the trials.
        case truncationSelection(percentage: Int, excludeFinished: Bool)

        /// The policy's `type`, as Azure ML writes it.
        public var typeName: String {
            switch self {
            case .bandit: "bandit"
            case .medianStopping: "median_stopping"
            case .truncationSelection: "truncation_selection"
            }
        }
    }

    public var policy: Policy
    /// How often (in intervals) the policy applies; 0 and 1 both mean at every interval.
    public var evaluationInterval: Int
    /// The intervals before the policy first applies.
    public var delayEvaluation: Int

    public init(policy: Policy, evaluationInterval: Int = 1, delayEvaluation: Int = 0) {
        self.policy = policy
        self.evaluationInterval = evaluationInterval
        self.delayEvaluation = delayEvaluation
    }

    /// Whether the policy applies at `interval` (from 1): a multiple of `evaluation_interval` at least
    /// `delay_evaluation`.
    public func applies(at interval: Int) -> Bool {
        interval >= 1 && interval % max(evaluationInterval, 1) == 0 && interval >= delayEvaluation
    }

    /// Reads `early_termination` as the Job keeps it (snake_case as Azure ML writes it, or camelCase).
    public static func parse(_ value: JSONValue) throws(SweepSpecError) -> SweepEarlyTermination {
        guard case .object(let fields) = value else {
            throw SweepSpecError("early_termination: expected a mapping with a type")
        }
        func field(_ snake: String) -> JSONValue? {
            if let value = fields[snake] { return value }
            let parts = snake.split(separator: "_")
            let camel = String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return fields[camel]
        }
        func number(_ key: String) throws(SweepSpecError) -> Double? {
            guard let value = field(key), value != .null else { return nil }
            guard let number = SweepDistribution.double(value), number.isFinite else {
                throw SweepSpecError("early_termination.\(key): expected a number")
            }
            return number
        }
        func count(_ key: String) throws(SweepSpecError) -> Int {
            guard let number = try number(key) else { return 0 }
            guard number >= 0, number.rounded() == number, number < 1e9 else {
                throw SweepSpecError("early_termination.\(key): expected a whole number of at least 0")
            }
            return Int(number)
        }
        let type = String((fields["type"]?.stringValue ?? "").lowercased().map { $0 == "-" ? "_" : $0 })
        let policy: Policy
        switch type {
        case "bandit":
            let factor = try number("slack_factor")
            let amount = try number("slack_amount")
            switch (factor, amount) {
            case (nil, nil):
                throw SweepSpecError("early_termination: a bandit policy needs slack_factor or slack_amount")
            case (.some, .some):
                throw SweepSpecError("early_termination: a bandit policy takes slack_factor or slack_amount, not both")
            default:
                if let factor, factor < 0 {
                    throw SweepSpecError("early_termination.slack_factor: must not be negative")
                }
                if let amount, amount < 0 {
                    throw SweepSpecError("early_termination.slack_amount: must not be negative")
                }
            }
            policy = .bandit(slackFactor: factor, slackAmount: amount)
        case "median_stopping", "medianstopping":
            policy = .medianStopping
        case "truncation_selection", "truncationselection":
            guard let percentage = try number("truncation_percentage") else {
                throw SweepSpecError("early_termination: a truncation_selection policy needs truncation_percentage")
            }
            guard percentage.rounded() == percentage, percentage >= 1, percentage <= 99 else {
                throw SweepSpecError("early_termination.truncation_percentage: expected a whole number from 1 to 99")
            }
            var exclude = false
            if let flag = field("exclude_finished_jobs") {
                guard case .bool(let value) = flag else {
                    throw SweepSpecError("early_termination.exclude_finished_jobs: expected true or false")
                }
                exclude = value
            }
            policy = .truncationSelection(percentage: Int(percentage), excludeFinished: exclude)
        default:
            throw SweepSpecError(
                "early_termination.type: \"\(type)\" is not a policy (bandit, median_stopping, truncation_selection)"
            )
        }
        return SweepEarlyTermination(
            policy: policy,
            evaluationInterval: try count("evaluation_interval"),
            delayEvaluation: try count("delay_evaluation")
        )
    }
}
