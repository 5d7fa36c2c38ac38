/// How the daemon uses cgroups for pods.
public struct CgroupConfiguration: Sendable, Hashable {
    /// Whether to use cgroups at all; when false every pod runs unlimited with `LimitsEnforced=False`.
    public var enabled: Bool
    /// The cgroup the daemon owns, under which every pod gets `pod<uid>`: relative to the daemon's own cgroup
    /// (`skiff`), or absolute from each hierarchy's root (`/skiff.slice`).
    public var parent: String
    /// The process-count limit of every pod (the kubelet's `podPidsLimit`); nil for none, as the kubelet's
    /// default.
    public var podPidsLimit: Int64?
    /// cgroup v2 only: when the daemon's own cgroup holds processes (as a systemd service with `Delegate=yes`
    /// does), controllers cannot be handed to children (the "no internal processes" rule). With this set the
    /// daemon first moves itself into a `supervisor` leaf of its cgroup, as systemd's delegation guide says.
    public var moveDaemonIntoLeaf: Bool

    /// A configuration; by default pods go under `skiff` in the daemon's own cgroup.
    public init(
        enabled: Bool = true,
        parent: String = "skiff",
        podPidsLimit: Int64? = nil,
        moveDaemonIntoLeaf: Bool = false
    ) {
        self.enabled = enabled
        self.parent = parent
        self.podPidsLimit = podPidsLimit
        self.moveDaemonIntoLeaf = moveDaemonIntoLeaf
    }
}
