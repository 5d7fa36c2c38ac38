/// The cgroup controllers Skiff uses to limit a pod.
public enum CgroupController: String, Sendable, Hashable, CaseIterable, Comparable {
    /// `memory`: the pod's memory limit, and the OOM killer when it is exceeded.
    case memory
    /// `cpu`: the CPU quota (limits) and weight (requests).
    case cpu
    /// `pids`: the number of processes.
    case pids

    /// Ordered as declared, so that messages list them the same way every time.
    public static func < (lhs: CgroupController, rhs: CgroupController) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The two cgroup interfaces a Linux host may offer, often both at once ("hybrid").
public enum CgroupVersion: String, Sendable, Hashable {
    /// One hierarchy per controller (`/sys/fs/cgroup/memory/…`).
    case v1
    /// The unified hierarchy (`/sys/fs/cgroup/…` with `cgroup.controllers`).
    case v2
}
