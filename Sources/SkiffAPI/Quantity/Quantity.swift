/// A fixed-point number with a unit suffix, exactly as Kubernetes' `resource.Quantity`.
///
/// Written as `<sign><number><suffix>`: `100m`, `1.5`, `2Gi`, `1e3`, `500Mi`, `+1`, `.5`, `5.`; the suffix is a
/// decimal SI prefix (`n u m k M G T P E`), a binary one (`Ki Mi Gi Ti Pi Ei`) or a decimal exponent (`e3`, `E-3`).
/// The value is exact (no floating point anywhere): parsing keeps it down to nano, rounding a finer non-zero value
/// away from zero (`0.9n` is `1n`), and caps a binary-suffixed value at 2^63-1 (`9Ei`), as Kubernetes does.
/// The quantity remembers which kind of suffix it was written with (`format`) and prints itself in canonical form
/// with that kind (`1.5Gi` prints `1536Mi`, `0.5` prints `500m`, `1e3` prints `1e3`).
///
/// Equality, hashing and ordering look at the value only: `Quantity("1") == Quantity("1000m")`.
public struct Quantity: Sendable {
    /// How a quantity prints: Kubernetes' `resource.Format`.
    public enum Format: String, Sendable, Hashable, CaseIterable, Codable {
        /// `12e6`.
        case decimalExponent = "DecimalExponent"
        /// `12Mi` (12 × 2^20).
        case binarySI = "BinarySI"
        /// `12M` (12 × 10^6).
        case decimalSI = "DecimalSI"
    }

    var amount: QuantityAmount

    /// The kind of suffix the quantity prints with. Changing it never changes the value.
    public var format: Format

    init(amount: QuantityAmount, format: Format) {
        self.amount = amount
        self.format = format
    }

    /// `value × 10^exponent`, printed in `format` (Kubernetes' `NewScaledQuantity` when `format` is DecimalSI).
    public init(_ value: Int64, exponent: Int32, format: Format = .decimalSI) {
        self.init(amount: .small(mantissa: value, exponent: value == 0 ? 0 : exponent), format: format)
    }

    /// A whole number (Kubernetes' `NewQuantity`).
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(value, exponent: 0, format: format)
    }

    /// `value / 1000` (Kubernetes' `NewMilliQuantity`).
    public init(milli value: Int64, format: Format = .decimalSI) {
        self.init(value, exponent: -3, format: format)
    }

    /// Zero, printed `0`.
    public static let zero = Quantity(amount: .zero, format: .decimalSI)

    /// Whether the value is exactly zero.
    public var isZero: Bool { amount.sign == 0 }

    /// -1, 0 or 1 as the value is negative, zero or positive.
    public var sign: Int { amount.sign }

    /// The value rounded up to a whole number, away from zero (`1.5` gives 2, `-1.5` gives -2), as `Value()`.
    /// Saturates at `Int64.min`/`Int64.max` where Kubernetes' result would be undefined.
    public var value: Int64 { amount.scaledValue(exponent: 0) }

    /// `ceil(value × 1000)`, rounded away from zero (`100m` gives 100, `0.1m` gives 1), as `MilliValue()`.
    /// Saturates at `Int64.min`/`Int64.max` where Kubernetes' result would be undefined.
    public var milliValue: Int64 { amount.scaledValue(exponent: -3) }

    /// `value / 10^exponent` rounded away from zero (`ScaledValue`): exponent -3 is `milliValue`, -9 nano units.
    /// Saturates at `Int64.min`/`Int64.max`.
    public func scaledValue(exponent: Int32) -> Int64 {
        amount.scaledValue(exponent: Int(exponent))
    }

    /// Whether the value is a whole number (`2`, `1k`, `2000m`; not `1500m`): extended resources such as
    /// `nvidia.com/gpu` must be.
    public var isInteger: Bool { amount.isInteger }

    /// The value as an `Int64` when it is a whole number that fits, else nil (`2000m` gives 2, `1.5` gives nil).
    public var exactInt64: Int64? {
        guard amount.isInteger else { return nil }
        let rounded = amount.scaledValue(exponent: 0)
        guard rounded != .min && rounded != .max else {
            return QuantityAmount.compare(amount, .small(mantissa: rounded, exponent: 0)) == 0 ? rounded : nil
        }
        return rounded
    }

    /// Three-way comparison of the values (Kubernetes' `Cmp`): -1, 0 or 1.
    public func compare(to other: Quantity) -> Int {
        QuantityAmount.compare(amount, other.amount)
    }
}

extension Quantity: Equatable {
    /// Equal values are equal quantities whatever their text or format: `1 == 1000m`, `1Ki == 1024`.
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
        QuantityAmount.compare(lhs.amount, rhs.amount) == 0
    }
}

extension Quantity: Hashable {
    /// Hashes the value only, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        amount.hash(into: &hasher)
    }
}

extension Quantity: Comparable {
    /// Orders by value.
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        QuantityAmount.compare(lhs.amount, rhs.amount) < 0
    }
}
