import Testing

@testable import SkiffControllers

/// Each early-termination policy on scripted metric streams, as Azure ML documents it.
struct EarlyTerminationTests {
    static func evaluator(_ policy: SweepEarlyTermination.Policy, interval: Int = 1, delay: Int = 0,
                          maximize: Bool = true) -> EarlyTerminationEvaluator {
        EarlyTerminationEvaluator(
            policy: SweepEarlyTermination(policy: policy, evaluationInterval: interval, delayEvaluation: delay),
            maximize: maximize
        )
    }

    @Test func banditSlackFactorStopsBelowBestOverOnePlusFactor() {
        // Azure ML's example: best 0.8, slack_factor 0.2 → trials whose best is below 0.8 / 1.2 = 0.667 stop.
        let e = Self.evaluator(.bandit(slackFactor: 0.2, slackAmount: nil))
        let histories: [Int: [Double]] = [0: [0.5, 0.8], 1: [0.4, 0.6], 2: [0.3, 0.7]]
        let why = e.evaluate(trial: 1, interval: 2, histories: histories, finished: [])
        #expect(why == "best 0.6 at interval 2 is below 0.666667 = 0.8 / (1 + slack_factor 0.2) (the best, trial 0)")
        #expect(e.evaluate(trial: 2, interval: 2, histories: histories, finished: []) == nil)
        #expect(e.evaluate(trial: 0, interval: 2, histories: histories, finished: []) == nil)
    }

    @Test func banditSlackAmountStopsBelowBestMinusAmount() {
        let e = Self.evaluator(.bandit(slackFactor: nil, slackAmount: 0.2))
        let histories: [Int: [Double]] = [0: [0.8], 1: [0.59], 2: [0.61]]
        #expect(e.evaluate(trial: 1, interval: 1, histories: histories, finished: [])?.contains("below 0.6") == true)
        #expect(e.evaluate(trial: 2, interval: 1, histories: histories, finished: []) == nil)
    }

    @Test func banditWhenMinimisingStopsAboveTheSlack() {
        let e = Self.evaluator(.bandit(slackFactor: 0.1, slackAmount: nil), maximize: false)
        let histories: [Int: [Double]] = [0: [1.0], 1: [1.2], 2: [1.05]]
        #expect(e.evaluate(trial: 1, interval: 1, histories: histories, finished: [])
            == "best 1.2 at interval 1 is above 1.1 = 1 * (1 + slack_factor 0.1) (the best, trial 0)")
        #expect(e.evaluate(trial: 2, interval: 1, histories: histories, finished: []) == nil)
    }

    @Test func banditComparesOnlyUpToTheTrialsInterval() {
        // Trial 0 reached 0.9 only at interval 3; at interval 1 the best was 0.5.
        let e = Self.evaluator(.bandit(slackFactor: 0.1, slackAmount: nil))
        let histories: [Int: [Double]] = [0: [0.5, 0.6, 0.9], 1: [0.48]]
        #expect(e.evaluate(trial: 1, interval: 1, histories: histories, finished: []) == nil)
    }

    @Test func theIntervalAndDelayPickWhenThePolicyApplies() {
        let policy = SweepEarlyTermination(policy: .medianStopping, evaluationInterval: 2, delayEvaluation: 5)
        #expect((1...10).filter(policy.applies(at:)) == [6, 8, 10])
        let every = SweepEarlyTermination(policy: .medianStopping, evaluationInterval: 0, delayEvaluation: 0)
        #expect((1...3).filter(every.applies(at:)) == [1, 2, 3])
        let e = Self.evaluator(.bandit(slackFactor: 0, slackAmount: nil), interval: 1, delay: 3)
        let histories: [Int: [Double]] = [0: [0.9, 0.9, 0.9], 1: [0.1, 0.1, 0.1]]
        #expect(e.evaluate(trial: 1, interval: 2, histories: histories, finished: []) == nil)
        #expect(e.evaluate(trial: 1, interval: 3, histories: histories, finished: []) != nil)
    }

    @Test func medianStoppingStopsBelowTheMedianOfRunningAverages() {
        let e = Self.evaluator(.medianStopping)
        // Running averages over intervals 1-2: 0.75, 0.55, 0.35, 0.25 → median 0.45.
        let histories: [Int: [Double]] = [0: [0.7, 0.8], 1: [0.5, 0.6], 2: [0.3, 0.4], 3: [0.2, 0.3, 0.9]]
        #expect(e.evaluate(trial: 2, interval: 2, histories: histories, finished: [])
            == "best 0.4 at interval 2 is worse than 0.45, the median of 4 trials' running averages over intervals 1-2")
        #expect(e.evaluate(trial: 1, interval: 2, histories: histories, finished: []) == nil)
        // Alone, a trial is never worse than its own average.
        #expect(e.evaluate(trial: 0, interval: 1, histories: [0: [0.1]], finished: []) == nil)
    }

    @Test func truncationSelectionStopsTheLowestPercentage() {
        let e = Self.evaluator(.truncationSelection(percentage: 40, excludeFinished: false))
        let histories: [Int: [Double]] = [0: [0.9], 1: [0.2], 2: [0.5], 3: [0.3], 4: [0.7]]
        // 40% of 5 is 2 trials: 0.2 (trial 1) and 0.3 (trial 3).
        #expect(e.evaluate(trial: 1, interval: 1, histories: histories, finished: [])
            == "best 0.2 at interval 1 ranks 5 of 5: in the lowest 40% (truncation_percentage 40, 2 of 5 trials)")
        #expect(e.evaluate(trial: 3, interval: 1, histories: histories, finished: []) != nil)
        #expect(e.evaluate(trial: 2, interval: 1, histories: histories, finished: []) == nil)
        // 20% of 5 is 1 trial; leaving the finished trial 0 out, 20% of 4 rounds down to none.
        let twenty = Self.evaluator(.truncationSelection(percentage: 20, excludeFinished: false))
        #expect(twenty.evaluate(trial: 1, interval: 1, histories: histories, finished: [0]) != nil)
        let excluding = Self.evaluator(.truncationSelection(percentage: 20, excludeFinished: true))
        #expect(excluding.evaluate(trial: 1, interval: 1, histories: histories, finished: [0]) == nil)
    }

    @Test func policiesAreReadAsAzureMLWritesThem() throws {
        let bandit = try SweepEarlyTermination.parse(
            .object(["type": .string("bandit"), "slack_factor": .number("0.1"), "evaluation_interval": .int(2),
                     "delay_evaluation": .int(4)]))
        #expect(bandit == SweepEarlyTermination(policy: .bandit(slackFactor: 0.1, slackAmount: nil),
                                                evaluationInterval: 2, delayEvaluation: 4))
        let truncation = try SweepEarlyTermination.parse(
            .object(["type": .string("truncation_selection"), "truncationPercentage": .int(20)]))
        #expect(truncation.policy == .truncationSelection(percentage: 20, excludeFinished: false))
        #expect(throws: SweepSpecError("early_termination: a bandit policy needs slack_factor or slack_amount")) {
            try SweepEarlyTermination.parse(.object(["type": .string("bandit")]))
        }
        #expect(throws: SweepSpecError(
            "early_termination.truncation_percentage: expected a whole number from 1 to 99")) {
            try SweepEarlyTermination.parse(.object(["type": .string("truncation_selection"),
                                                     "truncation_percentage": .int(100)]))
        }
    }
}
