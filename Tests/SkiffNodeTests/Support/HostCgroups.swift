import Foundation
import SkiffNode

/// This machine's cgroups, for tests that need real ones: a manager under a parent unique to the test run, so that
/// parallel tests and other users of the machine never collide.
enum HostCgroups {
    static func manager(podPidsLimit: Int64? = nil) -> CgroupManager {
        CgroupManager.detect(
            configuration: CgroupConfiguration(
                parent: "skiff-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))",
                podPidsLimit: podPidsLimit
            )
        )
    }

    /// Whether this machine lets the test process create a memory-limited cgroup (root with a writable memory
    /// controller, v1 or v2); probed once.
    static let memoryWritable: Bool = {
        let probe = HostCgroups.manager()
        defer { probe.removeParents() }
        return probe.support[.memory].isAvailable
    }()

    /// Whether this machine lets the test process create a pids-limited cgroup; probed once.
    static let pidsWritable: Bool = {
        let probe = HostCgroups.manager()
        defer { probe.removeParents() }
        return probe.support[.pids].isAvailable
    }()
}
