import Foundation
import Testing

@testable import SkiffControllers

/// Grid enumeration and its refusals; the Sobol sequence against Joe and Kuo's.
struct SweepGridAndSobolTests {
    static func job(_ text: String) throws -> Job {
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "s.yml")
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try #require(result.objects.first?.object as? Job)
    }

    @Test func gridIsTheCrossProductWithTheLastNameFastest() throws {
        let space = "  x: {type: choice, values: [1, 2]}\n  b: {type: choice, values: [p, q, r]}"
        let sampler = try SweepSampler.make(for: try Self.job(SweepHarness.sweep(searchSpace: space, sampling: "grid",
                                                                                   limits: "{max_total_trials: 100}")))
        #expect(sampler.totalTrials == 6)
        let points = (0..<6).map { sampler.parameters(trial: $0) }
        #expect(points.map { SweepTrialStatus.text($0["b"]!) + SweepTrialStatus.text($0["x"]!) }
            == ["p1", "p2", "q1", "q2", "r1", "r2"])
        #expect(points.allSatisfy { $0.entries.map(\.key) == ["b", "x"] })
    }

    @Test func maxTotalTrialsCutsTheGridShort() throws {
        let space = "  x: {type: choice, values: [1, 2, 3]}\n  y: {type: choice, values: [1, 2, 3]}"
        let sampler = try SweepSampler.make(for: try Self.job(SweepHarness.sweep(searchSpace: space, sampling: "grid",
                                                                                   limits: "{max_total_trials: 4}")))
        #expect(sampler.totalTrials == 4)
    }

    @Test func gridOverAContinuousParameterIsRefusedNamingIt() throws {
        let space = "  x: {type: choice, values: [1, 2]}\n  lr: {type: loguniform, min_value: -6, max_value: -1}"
        let text = SweepHarness.sweep(searchSpace: space, sampling: "grid")
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "s.yml")
        #expect(result.errors.map(\.description).contains {
            $0.contains("grid sampling takes only choice parameters: search_space.lr is loguniform")
        })
        // The controller refuses the same for a Job that reached the store some other way.
        var job = try Self.job(SweepHarness.sweep(searchSpace: space))
        job.spec.samplingAlgorithm = SamplingAlgorithm(type: "grid")
        do {
            _ = try SweepSampler.make(for: job)
            Issue.record("a grid over a loguniform parameter was accepted")
        } catch {
            #expect(error.message == "grid sampling takes only choice parameters: search_space.lr is loguniform")
        }
    }

    @Test func badDistributionParametersAreRefusedAtLoad() {
        let cases = [
            ("  x: {type: uniform, min_value: 2, max_value: 1}", "min_value 2.0 is greater than max_value 1.0"),
            ("  x: {type: quniform, min_value: 0, max_value: 1, q: 0}", "search_space.x.q: must be greater than 0"),
            ("  x: {type: normal, mu: 0, sigma: -1}", "search_space.x.sigma: must not be negative"),
            ("  x: {type: randint, upper: 0}", "search_space.x.upper: expected an integer of at least 1"),
        ]
        for (space, message) in cases {
            let text = SweepHarness.sweep(searchSpace: space)
            let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "s.yml")
            #expect(result.errors.contains { $0.description.contains(message) }, "\(result.errors)")
        }
    }

    /// The first points of the unscrambled 3-dimensional sequence (as `scipy.stats.qmc.Sobol(3, scramble=False)`
    /// gives them; point 0 is all zeros).
    @Test func sobolPointsMatchJoeAndKuo() {
        let sobol = SobolSequence(dimensions: 3)
        let points = (0..<8).map { sobol.point(UInt32($0)).map { Double($0) * 0x1p-32 } }
        #expect(points == [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
        ])
    }

    /// Point 3001 in all 40 dimensions, as `scipy.stats.qmc.Sobol(40, scramble=False, bits=32)` (SciPy 1.17.1)
    /// gives it: 12 bits of every dimension's direction numbers.
    @Test func sobolMatchesSciPyInEveryDimension() {
        let expected: [UInt32] = [
            2792357888, 3599761408, 355467264, 3966763008, 2014314496, 1578106880, 1156579328, 3832545280,
            493879296, 3941597184, 2444230656, 598736896, 2760900608, 3048210432, 3270508544, 2479882240,
            2534408192, 1531969536, 600834048, 1339031552, 1773142016, 3054501888, 1357905920, 149946368,
            2324692992, 1204813824, 1011875840, 4289724416, 3851419648, 399507456, 3895459840, 1326448640,
            1548746752, 913309696, 2744123392, 1901068288, 867172352, 3608150016, 2735734784, 869269504,
        ]
        #expect(SobolSequence(dimensions: 40).point(3001) == expected)
    }

    @Test func sobolTrialsAreTheSequenceFromPointOneAndASeedShiftsThem() throws {
        let space = "  x: {type: uniform, min_value: 0, max_value: 8}\n  y: {type: choice, values: [a, b, c, d]}"
        let plain = try SweepSampler.make(for: try Self.job(SweepHarness.sweep(
            searchSpace: space, sampling: "{type: random, rule: sobol}")))
        #expect(plain.parameters(trial: 0) == ["x": .number("4.0"), "y": .string("c")])
        #expect(plain.parameters(trial: 1) == ["x": .number("6.0"), "y": .string("b")])
        let seeded = { (seed: Int) in
            try SweepSampler.make(for: try Self.job(SweepHarness.sweep(
                searchSpace: space, sampling: "{type: random, rule: sobol, seed: \(seed)}")))
        }
        let a = try seeded(3)
        #expect((0..<8).map { a.parameters(trial: $0) } == (0..<8).map { try! seeded(3).parameters(trial: $0) })
        #expect(a.parameters(trial: 0) != plain.parameters(trial: 0))
        // A digital shift keeps the net: 4 points of a 2-point stratification still fill both halves equally.
        let halves = (0..<8).map { (SweepDistribution.double(a.parameters(trial: $0)["x"]!)! < 4) }
        #expect(halves.filter { $0 }.count == 4)
    }
}
