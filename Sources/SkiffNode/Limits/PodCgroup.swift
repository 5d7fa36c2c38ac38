import Foundation
import Glibc

/// The cgroup of one pod: a folder per hierarchy in use (one on cgroup v2, one per controller hierarchy on v1).
public struct PodCgroup: Sendable, Hashable {
    /// One folder of the pod's cgroup.
    public struct Directory: Sendable, Hashable {
        /// The folder (`/sys/fs/cgroup/memory/skiff/pod<uid>`).
        public var path: String
        /// The hierarchy's version.
        public var version: CgroupVersion
        /// The controllers the folder serves.
        public var controllers: [CgroupController]

        /// A value with the given fields.
        public init(path: String, version: CgroupVersion, controllers: [CgroupController]) {
            self.path = path
            self.version = version
            self.controllers = controllers
        }
    }

    /// The pod's uid.
    public var podUID: String
    /// Its folders.
    public var directories: [Directory]

    /// A value with the given fields.
    public init(podUID: String, directories: [Directory]) {
        self.podUID = podUID
        self.directories = directories
    }

    /// The folder name of a pod's cgroup, as the kubelet names it.
    public static func directoryName(podUID: String) -> String { "pod\(podUID)" }

    /// The `cgroup.procs` files a process writes its pid to, to join the pod's cgroup in every hierarchy.
    public var procsFiles: [String] { directories.map { "\($0.path)/cgroup.procs" } }

    private var memoryDirectory: Directory? { directories.first { $0.controllers.contains(.memory) } }

    /// How many times the kernel's OOM killer killed a process of the pod (`oom_kill` of v2 `memory.events` or v1
    /// `memory.oom_control`); nil without a memory controller.
    public func oomKillCount() -> Int64? {
        guard let memory = memoryDirectory else { return nil }
        let file = memory.version == .v2 ? "memory.events" : "memory.oom_control"
        return CgroupFiles.keyedValue("oom_kill", in: "\(memory.path)/\(file)") ?? 0
    }

    /// How many times the pod's memory use hit its limit (v2 `memory.events` `max`, v1 `memory.failcnt`): the
    /// evidence of an OOM kill on kernels that do not count `oom_kill`.
    public func memoryLimitHits() -> Int64? {
        guard let memory = memoryDirectory else { return nil }
        if memory.version == .v2 {
            return CgroupFiles.keyedValue("max", in: "\(memory.path)/memory.events") ?? 0
        }
        return CgroupFiles.read("\(memory.path)/memory.failcnt").flatMap {
            Int64($0.trimmingCharacters(in: .whitespacesAndNewlines))
        } ?? 0
    }

    /// Every process in the pod's cgroup.
    public func processIDs() -> [pid_t] {
        var seen = Set<pid_t>()
        var result: [pid_t] = []
        for file in procsFiles {
            for pid in CgroupFiles.processIDs(file) where seen.insert(pid).inserted {
                result.append(pid)
            }
        }
        return result
    }

    /// SIGKILLs every process in the cgroup, including those that left the pod's process group: v2 `cgroup.kill`
    /// where the kernel has it, and a few rounds over `cgroup.procs` (a process may fork while being killed).
    public func killAll() {
        for directory in directories where directory.version == .v2 {
            try? CgroupFiles.write("1", to: "\(directory.path)/cgroup.kill")
        }
        for _ in 0..<8 {
            let pids = processIDs()
            if pids.isEmpty { return }
            for pid in pids { kill(pid, SIGKILL) }
        }
    }

    /// Removes the folders; a folder still holding processes stays (`EBUSY`) and is reported.
    /// - Returns: the folders that could not be removed, with why.
    @discardableResult
    public func remove() -> [String] {
        var problems: [String] = []
        for directory in directories where CgroupFiles.exists(directory.path) {
            if rmdir(directory.path) != 0 && errno != ENOENT {
                problems.append("\(directory.path): \(String(cString: strerror(errno)))")
            }
        }
        return problems
    }
}
