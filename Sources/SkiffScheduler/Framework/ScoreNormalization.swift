/// The standard forms a score plugin's normalisation takes, so that a node's normalised score can be computed on
/// its own from its raw score and the highest raw score among the feasible nodes.
public enum ScoreNormalization: Sendable, Equatable {
    /// Raw scores are final (``ScorePlugin/normalize(_:_:)`` does nothing).
    case none
    /// ``defaultNormalizeScore(_:maxScore:reverse:)`` with ``maxNodeScore``.
    case scaledToHighest(reverse: Bool)
    /// Something else: only the plugin's own ``ScorePlugin/normalize(_:_:)`` knows.
    case undeclared

    /// Whether the normalised score of a node depends on the highest raw score among the feasible nodes.
    var needsHighest: Bool {
        if case .scaledToHighest = self { return true }
        return false
    }

    /// The normalised score of `raw` when `highest` is the highest raw score of the feasible nodes: the same
    /// arithmetic as ``defaultNormalizeScore(_:maxScore:reverse:)`` applies to each element.
    @inline(__always)
    func normalized(_ raw: Int64, highest: Int64) -> Int64 {
        switch self {
        case .none, .undeclared:
            return raw
        case .scaledToHighest(let reverse):
            if highest == 0 { return reverse ? maxNodeScore : raw }
            let score = maxNodeScore * raw / highest
            return reverse ? maxNodeScore - score : score
        }
    }
}
