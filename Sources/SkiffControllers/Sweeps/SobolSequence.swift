/// The Sobol low-discrepancy sequence with Joe and Kuo's direction numbers (`new-joe-kuo-6.21201`, the table
/// SciPy and most libraries use), generated in Gray-code order as in Joe and Kuo's reference code: point `i` is
/// the XOR of the direction numbers of the bits set in `i ^ (i >> 1)`. 32-bit precision, up to
/// ``maxDimensions`` dimensions. Sweeps skip point 0 (all zeros) and may apply a seeded digital shift (an XOR of
/// each coordinate with a random mask), which keeps the sequence's net structure.
struct SobolSequence: Sendable {
    /// The dimensions the embedded table covers.
    static let maxDimensions = 40

    /// Joe–Kuo's rows for dimensions 2…40: degree `s`, polynomial coefficients `a`, initial numbers `m_1…m_s`.
    private static let table: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]), (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]), (5, 13, [1, 1, 1, 3, 11]), (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]), (6, 13, [1, 1, 1, 15, 21, 21]), (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]), (6, 22, [1, 3, 1, 15, 13, 25]), (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]), (7, 4, [1, 3, 7, 13, 13, 15, 69]), (7, 7, [1, 1, 3, 13, 7, 35, 63]),
        (7, 8, [1, 3, 5, 9, 1, 25, 53]), (7, 14, [1, 3, 1, 13, 9, 35, 107]), (7, 19, [1, 3, 1, 5, 27, 61, 31]),
        (7, 21, [1, 1, 5, 11, 19, 41, 61]), (7, 28, [1, 3, 5, 3, 3, 13, 69]), (7, 31, [1, 1, 7, 13, 1, 19, 1]),
        (7, 32, [1, 3, 7, 5, 13, 19, 59]), (7, 37, [1, 1, 3, 9, 25, 29, 41]), (7, 41, [1, 3, 5, 13, 23, 1, 55]),
        (7, 42, [1, 3, 7, 3, 13, 59, 17]), (7, 50, [1, 3, 1, 3, 5, 53, 69]), (7, 55, [1, 1, 5, 5, 23, 33, 13]),
        (7, 56, [1, 1, 7, 7, 1, 61, 123]), (7, 59, [1, 1, 7, 9, 13, 61, 49]), (7, 62, [1, 3, 3, 5, 3, 55, 33]),
        (8, 14, [1, 3, 1, 15, 31, 13, 49, 245]), (8, 21, [1, 3, 5, 15, 31, 59, 63, 97]),
        (8, 22, [1, 3, 1, 11, 11, 11, 77, 249]),
    ]

    /// `directions[d][k]`: direction number k (0-based bit) of dimension d, scaled to 32 bits.
    private let directions: [[UInt32]]

    init(dimensions: Int) {
        precondition(dimensions >= 1 && dimensions <= Self.maxDimensions)
        var directions: [[UInt32]] = [(0..<32).map { UInt32(1) << (31 - $0) }]
        for d in 1..<dimensions {
            let (s, a, m) = Self.table[d - 1]
            var v = [UInt32](repeating: 0, count: 32)
            for k in 0..<min(s, 32) { v[k] = m[k] << (31 - k) }
            if s < 32 {
                for k in s..<32 {
                    var value = v[k - s] ^ (v[k - s] >> UInt32(s))
                    for l in 1..<s where (a >> UInt32(s - 1 - l)) & 1 == 1 {
                        value ^= v[k - l]
                    }
                    v[k] = value
                }
            }
            directions.append(v)
        }
        self.directions = directions
    }

    /// Point `index` as 32-bit integers (divide by 2³² for the unit cube).
    func point(_ index: UInt32) -> [UInt32] {
        let gray = index ^ (index >> 1)
        return directions.map { v in
            var x: UInt32 = 0
            var bits = gray
            var k = 0
            while bits != 0 {
                if bits & 1 == 1 { x ^= v[k] }
                bits >>= 1
                k += 1
            }
            return x
        }
    }
}
