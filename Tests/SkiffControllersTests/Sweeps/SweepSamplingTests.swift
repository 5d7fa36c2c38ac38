import Foundation
import Testing

@testable import SkiffControllers

/// Every distribution's random draws: ranges, quantisation, and reproducibility by seed.
struct SweepSamplingTests {
    static func sampler(_ space: String, seed: Int64? = 7, rule: String? = nil, total: Int = 2000,
                        uid: String = "uid-1") throws -> SweepSampler {
        var algorithm = "{type: random"
        if let seed { algorithm += ", seed: \(seed)" }
        if let rule { algorithm += ", rule: \(rule)" }
        algorithm += "}"
        let text = SweepHarness.sweep(searchSpace: space, sampling: algorithm,
                                      limits: "{max_total_trials: \(total)}")
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "s.yml")
        #expect(result.errors.isEmpty, "\(result.errors)")
        var job = try #require(result.objects.first?.object as? Job)
        job.metadata.uid = uid
        return try SweepSampler.make(for: job)
    }

    static func draws(_ sampler: SweepSampler, _ name: String = "x") -> [JSONValue] {
        (0..<sampler.totalTrials).map { sampler.parameters(trial: $0)[name] ?? .null }
    }

    static func numbers(_ values: [JSONValue]) -> [Double] {
        values.compactMap(SweepDistribution.double)
    }

    static func integer(_ value: JSONValue) -> Int64? {
        if case .int(let i) = value { return i }
        return nil
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
    static func deviation(_ xs: [Double]) -> Double {
        let m = mean(xs)
        return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count)).squareRoot()
    }

    @Test func choiceDrawsEveryValueAndNothingElse() throws {
        let s = try Self.sampler("  x: {type: choice, values: [a, 2, true]}")
        let values = Self.draws(s)
        #expect(Set(values) == [.string("a"), .int(2), .bool(true)])
        for value in [JSONValue.string("a"), .int(2), .bool(true)] {
            let share = Double(values.filter { $0 == value }.count) / Double(values.count)
            #expect(abs(share - 1.0 / 3) < 0.05)
        }
    }

    @Test func randintIsAnIntegerFromZeroBelowUpper() throws {
        let values = Self.draws(try Self.sampler("  x: {type: randint, upper: 5}"))
        #expect(values.allSatisfy { if case .int(let i) = $0 { return (0..<5).contains(i) } else { return false } })
        #expect(Set(values).count == 5)
    }

    @Test func uniformStaysInItsRange() throws {
        let xs = Self.numbers(Self.draws(try Self.sampler("  x: {type: uniform, min_value: -2, max_value: 3}")))
        #expect(xs.count == 2000 && xs.allSatisfy { $0 >= -2 && $0 <= 3 })
        #expect(abs(Self.mean(xs) - 0.5) < 0.15)
        #expect(xs.min()! < -1.9 && xs.max()! > 2.9)
    }

    @Test func quniformRoundsToMultiplesOfQ() throws {
        let values = Self.draws(try Self.sampler("  x: {type: quniform, min_value: 0, max_value: 100, q: 8}"))
        // An integral q gives integers: round(x / 8) * 8.
        #expect(values.allSatisfy { Self.integer($0).map { $0 % 8 == 0 && (0...104).contains($0) } ?? false })
        let quarters = "  x: {type: quniform, min_value: 0, max_value: 1, q: 0.25}"
        let fractional = Self.numbers(Self.draws(try Self.sampler(quarters)))
        #expect(Set(fractional) == [0, 0.25, 0.5, 0.75, 1])
    }

    @Test func loguniformIsExpOfUniform() throws {
        let xs = Self.numbers(Self.draws(try Self.sampler("  x: {type: loguniform, min_value: -5, max_value: 0}")))
        #expect(xs.allSatisfy { $0 >= exp(-5) && $0 <= 1 })
        #expect(abs(Self.mean(xs.map { log($0) }) + 2.5) < 0.15)
    }

    @Test func qloguniformQuantisesExpOfUniform() throws {
        let values = Self.draws(try Self.sampler("  x: {type: qloguniform, min_value: 0, max_value: 5, q: 2}"))
        #expect(values.allSatisfy { value in
            Self.integer(value).map { $0 % 2 == 0 && $0 >= 0 && Double($0) <= exp(5) + 1 } ?? false
        })
    }

    @Test func normalHasItsMeanAndDeviation() throws {
        let xs = Self.numbers(Self.draws(try Self.sampler("  x: {type: normal, mu: 10, sigma: 2}")))
        #expect(abs(Self.mean(xs) - 10) < 0.2)
        #expect(abs(Self.deviation(xs) - 2) < 0.15)
    }

    @Test func qnormalQuantises() throws {
        let xs = Self.numbers(Self.draws(try Self.sampler("  x: {type: qnormal, mu: 0, sigma: 1, q: 0.5}")))
        #expect(xs.allSatisfy { ($0 / 0.5).rounded() == $0 / 0.5 })
        #expect(abs(Self.mean(xs)) < 0.1)
    }

    @Test func lognormalIsExpOfNormal() throws {
        let xs = Self.numbers(Self.draws(try Self.sampler("  x: {type: lognormal, mu: 1, sigma: 0.5}")))
        #expect(xs.allSatisfy { $0 > 0 })
        let logs = xs.map { log($0) }
        #expect(abs(Self.mean(logs) - 1) < 0.05 && abs(Self.deviation(logs) - 0.5) < 0.05)
    }

    @Test func qlognormalQuantisesExpOfNormal() throws {
        let values = Self.draws(try Self.sampler("  x: {type: qlognormal, mu: 3, sigma: 1, q: 5}"))
        #expect(values.allSatisfy { if case .int(let i) = $0 { return i % 5 == 0 && i >= 0 } else { return false } })
    }

    @Test func quantisationRoundsHalfToEvenAsPython() {
        #expect(SweepDistribution.quantised(2.5, q: 1) == .int(2))
        #expect(SweepDistribution.quantised(3.5, q: 1) == .int(4))
        #expect(SweepDistribution.quantised(0.37, q: 0.25) == .number("0.25"))
    }

    @Test func aSeedReproducesTheDrawsAndAnotherSeedChangesThem() throws {
        let space = "  x: {type: uniform, min_value: 0, max_value: 1}\n  y: {type: choice, values: [1, 2, 3, 4]}"
        let a = try Self.sampler(space, seed: 42, total: 20)
        let b = try Self.sampler(space, seed: 42, total: 20, uid: "another-uid")
        let c = try Self.sampler(space, seed: 43, total: 20)
        let first = (0..<20).map { a.parameters(trial: $0) }
        #expect(first == (0..<20).map { b.parameters(trial: $0) })
        #expect(first != (0..<20).map { c.parameters(trial: $0) })
        // Trials are independent of one another: trial 5 alone draws what it drew in the run.
        #expect(a.parameters(trial: 5) == first[5])
    }

    @Test func withoutASeedTheSweepsUIDKeysTheDraws() throws {
        let space = "  x: {type: uniform, min_value: 0, max_value: 1}"
        let a = try Self.sampler(space, seed: nil, total: 5, uid: "u1")
        let again = try Self.sampler(space, seed: nil, total: 5, uid: "u1")
        let other = try Self.sampler(space, seed: nil, total: 5, uid: "u2")
        #expect(a.parameters(trial: 0) == again.parameters(trial: 0))
        #expect(a.parameters(trial: 0) != other.parameters(trial: 0))
    }

    @Test func theNormalQuantileIsExact() {
        #expect(abs(SweepDistribution.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(SweepDistribution.normalQuantile(0.001) + 3.090232306167813) < 1e-12)
        #expect(SweepDistribution.normalQuantile(0.5) == 0)
        #expect(SweepDistribution.normalQuantile(0).isFinite)
    }

    @Test func bayesianIsRefusedWithAClearMessage() throws {
        let text = SweepHarness.sweep(sampling: "bayesian")
        let job = try #require(ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "s.yml")
            .objects.first?.object as? Job)
        #expect(throws: SweepSpecError.self) { try SweepSampler.make(for: job) }
        do {
            _ = try SweepSampler.make(for: job)
        } catch {
            #expect(error.message.hasPrefix("bayesian sampling is not supported by Skiff"))
        }
    }
}
