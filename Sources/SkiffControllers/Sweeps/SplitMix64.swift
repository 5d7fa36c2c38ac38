/// Steele, Lea and Flood's SplitMix64: a small, fast, well-mixed generator of 64-bit values. A sweep's random
/// draws come from one such stream per trial and parameter, keyed by the seed, so that a seeded sweep draws the
/// same values on any machine and after any restart (no dependence on the platform's generator).
struct SplitMix64: RandomNumberGenerator {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// The stream of trial `trial`'s parameter `parameter` under `seed`.
    init(seed: UInt64, trial: Int, parameter: Int) {
        state = Self.mix(Self.mix(seed ^ Self.mix(UInt64(truncatingIfNeeded: trial) &+ 1)) ^ UInt64(parameter))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser (a bijection that spreads every input bit over the output).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in the open interval (0, 1): the top 53 bits, centred in their cell (so never 0 or 1, and
    /// the normal quantile stays finite).
    mutating func nextUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// An integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject).
    mutating func nextIndex(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let threshold = (0 &- bound) % bound
        while true {
            let (high, low) = next().multipliedFullWidth(by: bound)
            if low >= threshold { return high }
        }
    }

    /// FNV-1a of a text, for a seed from a sweep's uid when the sweep names none.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
