/// Why a string is not a quantity, with Kubernetes' exact messages (`ErrFormatWrong`, `ErrNumeric`, `ErrSuffix`).
public enum QuantityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text does not have the shape of a quantity (empty, whitespace, stray characters).
    case formatWrong
    /// The number part has no digits where Kubernetes needs some (for example `.e-10`).
    case numeric
    /// The suffix is not one of `n u m k M G T P E Ki Mi Gi Ti Pi Ei`, nor `e`/`E` with an exponent in range.
    case suffix

    /// The regular expression Kubernetes quotes in its format error.
    public static let formatPattern = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"

    /// Kubernetes' message for this error, word for word.
    public var description: String {
        switch self {
        case .formatWrong: "quantities must match the regular expression '\(QuantityError.formatPattern)'"
        case .numeric: "unable to parse numeric part of quantity"
        case .suffix: "unable to parse quantity's suffix"
        }
    }
}
