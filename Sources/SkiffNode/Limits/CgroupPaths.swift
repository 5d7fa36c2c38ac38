/// Where the cgroup layout is read from: this process's `/proc/self/mountinfo` and `/proc/self/cgroup`, or test
/// copies describing a fake hierarchy under a temporary folder.
public struct CgroupPaths: Sendable, Hashable {
    /// The mount table (`/proc/self/mountinfo`).
    public var mountinfo: String
    /// The process's cgroup membership (`/proc/self/cgroup`).
    public var selfCgroup: String

    /// Paths to the given files.
    public init(mountinfo: String = "/proc/self/mountinfo", selfCgroup: String = "/proc/self/cgroup") {
        self.mountinfo = mountinfo
        self.selfCgroup = selfCgroup
    }

    /// The running process's own.
    public static let system = CgroupPaths()
}
