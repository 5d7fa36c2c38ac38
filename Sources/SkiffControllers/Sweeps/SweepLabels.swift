/// The labels and annotations the sweep controller puts on trial Jobs, and the store index that finds a sweep's
/// trials without scanning.
public enum SweepLabels {
    /// Label: the sweep's name.
    public static let sweepName = "skiff.dev/sweep-name"
    /// Label: the trial's index, from 0.
    public static let trial = "skiff.dev/sweep-trial"
    /// Annotation: the uid of the sweep that created the trial (a sweep re-created under the same name does not
    /// adopt the old one's trials).
    public static let sweepUID = "skiff.dev/sweep-uid"
    /// Annotation: the trial's parameters as JSON.
    public static let parameters = "skiff.dev/sweep-parameters"
    /// The trial Job condition that says what stopped the trial (reason: the policy or limit).
    public static let stoppedCondition = "Stopped"

    /// The store index of trial Jobs by sweep, `namespace/name`.
    public static let jobsBySweep = "jobs-by-sweep"

    /// The index value of a Job: its sweep's `namespace/name`, or nothing for jobs that are not trials.
    @Sendable public static func sweepIndexValues(_ object: any APIObject) -> [String] {
        guard let name = object.metadata.labels[sweepName] else { return [] }
        return ["\(object.metadata.namespace)/\(name)"]
    }

    /// The key of the sweep that created a trial Job, or nothing (the sweep controller's trigger).
    @Sendable public static func owningSweep(_ object: any APIObject) -> [ObjectKey] {
        guard object is Job, let name = object.metadata.labels[sweepName] else { return [] }
        return [ObjectKey(Job.resource.groupKind, namespace: object.metadata.namespace, name: name)]
    }

    /// What stopped a trial, by its `Stopped` condition's reason, as the sweep's status names it.
    static let stoppedBy: [String: String] = [
        "BanditPolicy": "bandit",
        "MedianStoppingPolicy": "median_stopping",
        "TruncationSelectionPolicy": "truncation_selection",
        "TrialTimeout": "trial_timeout",
        "SweepTimeout": "timeout",
        "SweepCanceled": "canceled",
    ]

    /// The `Stopped` reason of a policy.
    static func reason(of policy: SweepEarlyTermination.Policy) -> String {
        switch policy {
        case .bandit: "BanditPolicy"
        case .medianStopping: "MedianStoppingPolicy"
        case .truncationSelection: "TruncationSelectionPolicy"
        }
    }
}
