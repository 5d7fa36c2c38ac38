/// Whether something (a job's pod, an instance type) could ever be placed, judged on nodes' allocatable
/// resources and labels, ignoring what runs on them now.
public enum FitVerdict: Sendable, Hashable {
    /// These nodes (sorted) match the selector and have enough allocatable; a potential cluster node counts
    /// when no real one fits.
    case fits([String])
    /// Nothing to judge by yet (no node exists and no compute cluster could add one).
    case undecided
    /// It can never be placed, and why.
    case never(String)
}

extension FitVerdict {
    /// Whether it can never be placed.
    public var isNever: Bool {
        if case .never = self { return true }
        return false
    }
}
