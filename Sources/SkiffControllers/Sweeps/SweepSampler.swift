/// Picks each trial's hyperparameters: a pure function of the sweep's search space, sampling algorithm, seed
/// and the trial's index, so that the controller can recompute a trial's parameters at any time (after a restart,
/// on another reconcile) and a seeded sweep is reproducible.
///
/// - `random`: each parameter of trial `i` from its own ``SplitMix64`` stream keyed by the seed, `i` and the
///   parameter's position; a sweep without a seed is keyed by its uid.
/// - `random` with `rule: sobol`: trial `i` is Sobol point `i + 1` (point 0 is all zeros), its coordinates
///   mapped onto the distributions by their inverse distribution functions; a seed applies a digital shift.
/// - `grid`: the cross product of the `choice` values, parameters sorted by name, the last varying fastest.
/// - `bayesian`: refused (it needs a model of past trials that Skiff does not have).
struct SweepSampler: Sendable {
    enum Method: Sendable, Hashable {
        case random(seed: UInt64)
        case sobol(shift: [UInt32]?)
        case grid
    }

    let space: SweepSearchSpace
    let method: Method
    /// How many trials the sweep runs: `max_total_trials`, or the grid's size when smaller.
    let totalTrials: Int
    private let sobol: SobolSequence?

    init(space: SweepSearchSpace, method: Method, totalTrials: Int) {
        self.space = space
        self.method = method
        self.totalTrials = totalTrials
        if case .sobol = method { sobol = SobolSequence(dimensions: space.count) } else { sobol = nil }
    }

    /// The sampler of a sweep Job, or the reason it cannot run.
    static func make(for job: Job) throws(SweepSpecError) -> SweepSampler {
        let space = try SweepSearchSpace.parse(job.spec.searchSpace)
        let algorithm = job.spec.samplingAlgorithm ?? SamplingAlgorithm(type: "random")
        let maxTotal = job.spec.limits.maxTotalTrials ?? JobLimits.sweepDefaults.maxTotalTrials ?? 1000
        switch algorithm.type.lowercased() {
        case "grid":
            if let bad = space.firstNonChoice {
                throw SweepSpecError(
                    "grid sampling takes only choice parameters: search_space.\(bad.name) is \(bad.type)"
                )
            }
            var size = 1
            for distribution in space.distributions {
                guard case .choice(let values) = distribution else { continue }
                let (product, overflow) = size.multipliedReportingOverflow(by: values.count)
                size = overflow ? Int.max : product
            }
            return SweepSampler(space: space, method: .grid, totalTrials: min(size, maxTotal))
        case "bayesian":
            throw SweepSpecError(
                "bayesian sampling is not supported by Skiff (it needs a model of the finished trials): use "
                    + "sampling_algorithm random (optionally with rule: sobol) or grid"
            )
        default:
            let seed = algorithm.seed.map { UInt64(bitPattern: $0) }
            if algorithm.rule?.lowercased() == "sobol" {
                guard space.count <= SobolSequence.maxDimensions else {
                    throw SweepSpecError(
                        "sobol sampling supports at most \(SobolSequence.maxDimensions) parameters; the search "
                            + "space has \(space.count): use rule: random"
                    )
                }
                let shift = seed.map { seed in
                    var generator = SplitMix64(seed: seed)
                    return (0..<space.count).map { _ in UInt32(truncatingIfNeeded: generator.next() >> 32) }
                }
                return SweepSampler(space: space, method: .sobol(shift: shift), totalTrials: maxTotal)
            }
            return SweepSampler(
                space: space,
                method: .random(seed: seed ?? SplitMix64.fnv1a(job.metadata.uid)),
                totalTrials: maxTotal
            )
        }
    }

    /// Trial `trial`'s parameters, sorted by name.
    func parameters(trial: Int) -> JSONObject {
        var result = JSONObject()
        switch method {
        case .random(let seed):
            for (position, (name, distribution)) in space.parameters.enumerated() {
                var generator = SplitMix64(seed: seed, trial: trial, parameter: position)
                result[name] = Self.draw(distribution, using: &generator)
            }
        case .sobol(let shift):
            let point = sobol?.point(UInt32(truncatingIfNeeded: trial + 1)) ?? []
            for (position, (name, distribution)) in space.parameters.enumerated() {
                let x = point[position] ^ (shift?[position] ?? 0)
                result[name] = distribution.value(at: Double(x) * 0x1p-32)
            }
        case .grid:
            var rest = trial
            var values: [(String, JSONValue)] = []
            for (name, distribution) in space.parameters.reversed() {
                guard case .choice(let choices) = distribution else { continue }
                values.append((name, choices[rest % choices.count]))
                rest /= choices.count
            }
            for (name, value) in values.reversed() { result[name] = value }
        }
        return result
    }

    /// One random draw from `distribution`.
    static func draw(_ distribution: SweepDistribution, using generator: inout SplitMix64) -> JSONValue {
        switch distribution {
        case .choice(let values):
            return values[Int(generator.nextIndex(below: UInt64(values.count)))]
        case .randint(let upper):
            return .int(Int64(generator.nextIndex(below: UInt64(upper))))
        default:
            return distribution.value(at: generator.nextUnit())
        }
    }
}
