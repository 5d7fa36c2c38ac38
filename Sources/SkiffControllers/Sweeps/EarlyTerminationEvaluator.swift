import Foundation

/// Applies a sweep's early-termination policy to one trial at one of its intervals, as Azure ML documents the
/// policies. An interval is one report of the primary metric; a trial at interval `N` is compared with the trials
/// that reached `N`, each by its reports up to `N` only ("when evaluating a run at interval N, its performance is
/// only compared with the performance of other runs up to interval N").
///
/// - `bandit`: stops the trial when its best value up to `N` is outside the slack of the best such value of any
///   trial: below `best / (1 + slack_factor)` or `best - slack_amount` when maximising; above
///   `best * (1 + slack_factor)` or `best + slack_amount` when minimising.
/// - `median_stopping`: stops the trial when its best value up to `N` is worse than the median of the trials'
///   running averages over intervals `1…N`.
/// - `truncation_selection`: ranks the trials by their best value up to `N` and stops the trial when it is among
///   the lowest `truncation_percentage` percent (rounded down; ties rank the later trial lower); with
///   `exclude_finished_jobs`, finished trials are left out of the ranking.
struct EarlyTerminationEvaluator: Sendable {
    let policy: SweepEarlyTermination
    let maximize: Bool

    /// Why trial `trial` stops at `interval`, or nil when it goes on. `histories` holds every trial's values of
    /// the primary metric in the order reported; `finished` the trials that are over.
    func evaluate(trial: Int, interval: Int, histories: [Int: [Double]], finished: Set<Int>) -> String? {
        guard policy.applies(at: interval), let own = histories[trial], own.count >= interval else { return nil }
        let mine = best(Array(own.prefix(interval)))
        let peers = histories.filter { $0.value.count >= interval }.sorted { $0.key < $1.key }
        let at = "best \(Self.format(mine)) at interval \(interval)"
        switch policy.policy {
        case .bandit(let factor, let amount):
            let leaders = peers.map { (index: $0.key, value: best(Array($0.value.prefix(interval)))) }
            guard let leader = leaders.max(by: { better($1.value, than: $0.value) }) else { return nil }
            let threshold: Double
            let formula: String
            if let factor {
                threshold = maximize ? leader.value / (1 + factor) : leader.value * (1 + factor)
                formula = maximize
                    ? "\(Self.format(leader.value)) / (1 + slack_factor \(Self.format(factor)))"
                    : "\(Self.format(leader.value)) * (1 + slack_factor \(Self.format(factor)))"
            } else {
                let amount = amount ?? 0
                threshold = maximize ? leader.value - amount : leader.value + amount
                formula = "\(Self.format(leader.value)) \(maximize ? "-" : "+") slack_amount \(Self.format(amount))"
            }
            let outside = maximize ? mine < threshold : mine > threshold
            guard outside else { return nil }
            return "\(at) is \(maximize ? "below" : "above") \(Self.format(threshold)) = \(formula) "
                + "(the best, trial \(leader.index))"
        case .medianStopping:
            let averages = peers.map { entry in
                let values = entry.value.prefix(interval)
                return values.reduce(0, +) / Double(values.count)
            }.sorted()
            guard !averages.isEmpty else { return nil }
            let middle = averages.count / 2
            let median = averages.count % 2 == 1 ? averages[middle] : (averages[middle - 1] + averages[middle]) / 2
            guard better(median, than: mine) else { return nil }
            return "\(at) is worse than \(Self.format(median)), the median of \(averages.count) trials' running "
                + "averages over intervals 1-\(interval)"
        case .truncationSelection(let percentage, let excludeFinished):
            let ranked = peers.filter { $0.key == trial || !(excludeFinished && finished.contains($0.key)) }
                .map { (index: $0.key, value: best(Array($0.value.prefix(interval)))) }
                .sorted { a, b in
                    // Worst first; of equal values the later trial ranks lower.
                    if a.value != b.value { return better(b.value, than: a.value) }
                    return a.index > b.index
                }
            let cut = ranked.count * percentage / 100
            guard let position = ranked.firstIndex(where: { $0.index == trial }), position < cut else { return nil }
            return "\(at) ranks \(ranked.count - position) of \(ranked.count): in the lowest "
                + "\(percentage)% (truncation_percentage \(percentage), \(cut) of \(ranked.count) trials)"
        }
    }

    /// Whether `a` is strictly better than `b` by the goal.
    func better(_ a: Double, than b: Double) -> Bool {
        maximize ? a > b : a < b
    }

    /// The best of `values` by the goal.
    func best(_ values: [Double]) -> Double {
        values.dropFirst().reduce(values[0]) { better($1, than: $0) ? $1 : $0 }
    }

    /// A metric value for messages: up to six significant digits, as `%g` prints them.
    static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
