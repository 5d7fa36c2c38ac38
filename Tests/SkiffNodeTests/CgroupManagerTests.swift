import Foundation
import SkiffNode
import Testing

struct CgroupManagerTests {
    /// A cgroup2 hierarchy under a temporary folder offering `controllers`, with the test process at `own`.
    private func fakeV2(_ dir: TemporaryDirectory, controllers: String, own: String = "/") throws -> CgroupLayout {
        let root = dir.child("unified")
        try dir.write("unified/cgroup.controllers", controllers + "\n")
        if own != "/" { try dir.write("unified\(own)/cgroup.controllers", controllers + "\n") }
        return CgroupLayout.parse(
            mountinfo: "41 31 0:38 / \(root) rw - cgroup2 cgroup2 rw\n",
            selfCgroup: "0::\(own)\n"
        )
    }

    /// v1 hierarchies for memory, cpu (with cpuacct) and pids under a temporary folder.
    private func fakeV1(_ dir: TemporaryDirectory, unified: Bool = false) throws -> CgroupLayout {
        var mountinfo = """
            32 31 0:29 / \(dir.child("cpu,cpuacct")) rw - cgroup cgroup rw,cpu,cpuacct
            35 31 0:32 / \(dir.child("memory")) rw - cgroup cgroup rw,memory
            39 31 0:36 / \(dir.child("pids")) rw - cgroup cgroup rw,pids

            """
        if unified {
            try dir.write("unified/cgroup.controllers", "hugetlb\n")
            mountinfo += "41 31 0:38 / \(dir.child("unified")) rw - cgroup2 cgroup2 rw\n"
        }
        for name in ["cpu,cpuacct", "memory/daemon", "pids"] {
            try FileManager.default.createDirectory(atPath: dir.child(name), withIntermediateDirectories: true)
        }
        return CgroupLayout.parse(
            mountinfo: mountinfo,
            selfCgroup: "4:memory:/daemon\n3:cpu,cpuacct:/\n8:pids:/\n0::/\n"
        )
    }

    private func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func usesV2WhenTheUnifiedHierarchyHasTheControllers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let manager = CgroupManager.detect(
            configuration: CgroupConfiguration(podPidsLimit: 50),
            layout: try fakeV2(dir, controllers: "cpuset cpu io memory pids")
        )
        let parent = dir.child("unified/skiff")
        for controller in CgroupController.allCases {
            #expect(manager.support[controller] == .available(version: .v2, parent: parent))
        }
        #expect(manager.support.nodeCondition.status == .true)
        let (cgroup, enforcement) = manager.createPodCgroup(
            podUID: "u1",
            limits: PodResourceLimits(memoryBytes: 64 << 20, cpuMillis: 500, cpuRequestMillis: 250)
        )
        let pod = try #require(cgroup)
        #expect(
            pod.directories == [
                PodCgroup.Directory(path: "\(parent)/podu1", version: .v2, controllers: [.memory, .cpu, .pids])
            ]
        )
        #expect(pod.procsFiles == ["\(parent)/podu1/cgroup.procs"])
        #expect(read("\(parent)/podu1/memory.max") == "67108864")
        #expect(read("\(parent)/podu1/cpu.max") == "50000 100000")
        #expect(read("\(parent)/podu1/cpu.weight") == "10")
        #expect(read("\(parent)/podu1/pids.max") == "50")
        #expect(read("\(parent)/cgroup.subtree_control") == "+pids")
        #expect(enforcement.enforced)
        #expect(enforcement.reason == "CgroupLimitsApplied")
        #expect(
            enforcement.message
                == "enforced: memory limit 64Mi (cgroup v2), cpu limit 500m (cgroup v2), pids limit 50 (cgroup v2)"
        )
        #expect(manager.existingPodCgroup(podUID: "u1") == pod)
        #expect(manager.existingPodCgroup(podUID: "other") == nil)
    }

    @Test func usesV1OnAHybridHostWhoseUnifiedHierarchyLacksTheControllers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let manager = CgroupManager.detect(configuration: CgroupConfiguration(), layout: try fakeV1(dir, unified: true))
        #expect(manager.support[.memory] == .available(version: .v1, parent: dir.child("memory/daemon/skiff")))
        #expect(manager.support[.cpu] == .available(version: .v1, parent: dir.child("cpu,cpuacct/skiff")))
        #expect(manager.support[.pids] == .available(version: .v1, parent: dir.child("pids/skiff")))
        let (cgroup, enforcement) = manager.createPodCgroup(
            podUID: "u2",
            limits: PodResourceLimits(memoryBytes: 1 << 30, cpuMillis: 200, cpuRequestMillis: 100)
        )
        let pod = try #require(cgroup)
        #expect(
            pod.directories.map(\.path) == [
                dir.child("memory/daemon/skiff/podu2"), dir.child("cpu,cpuacct/skiff/podu2"),
                dir.child("pids/skiff/podu2"),
            ]
        )
        #expect(read(dir.child("memory/daemon/skiff/podu2/memory.limit_in_bytes")) == "1073741824")
        #expect(read(dir.child("cpu,cpuacct/skiff/podu2/cpu.cfs_quota_us")) == "20000")
        #expect(read(dir.child("cpu,cpuacct/skiff/podu2/cpu.cfs_period_us")) == "100000")
        #expect(read(dir.child("cpu,cpuacct/skiff/podu2/cpu.shares")) == "102")
        #expect(read(dir.child("pids/skiff/podu2/pids.max")) == "max")
        #expect(enforcement.enforced)
        #expect(enforcement.message == "enforced: memory limit 1Gi (cgroup v1), cpu limit 200m (cgroup v1)")
    }

    @Test func anAbsoluteParentIsRelativeToTheHierarchyRoot() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let manager = CgroupManager.detect(
            configuration: CgroupConfiguration(parent: "/skiff.slice"),
            layout: try fakeV1(dir)
        )
        #expect(manager.support[.memory] == .available(version: .v1, parent: dir.child("memory/skiff.slice")))
    }

    @Test func nothingMountedMeansThePodRunsWithoutLimitsAndSaysWhy() {
        let manager = CgroupManager.detect(
            configuration: CgroupConfiguration(),
            layout: CgroupLayout(mounts: [], v1Membership: [:], v2Membership: nil)
        )
        #expect(!manager.support.isAnyAvailable)
        #expect(
            manager.support[.memory] == .unavailable(reason: "no cgroup2 mount; no cgroup v1 memory hierarchy mounted")
        )
        #expect(manager.support.nodeCondition.status == .false)
        #expect(manager.support.nodeCondition.reason == "CgroupsUnavailable")
        let (cgroup, enforcement) = manager.createPodCgroup(
            podUID: "u3",
            limits: PodResourceLimits(memoryBytes: 1 << 20)
        )
        #expect(cgroup == nil)
        #expect(!enforcement.enforced)
        #expect(enforcement.reason == "CgroupsUnavailable")
        #expect(
            enforcement.message.hasPrefix("the pod runs without its limits (memory limit 1Mi): memory: unavailable")
        )
        #expect(enforcement.condition.type == .limitsEnforced)
        #expect(enforcement.condition.status == .false)
    }

    @Test func aPodWithoutLimitsNeedsNoCgroups() {
        let manager = CgroupManager.detect(
            configuration: CgroupConfiguration(enabled: false),
            layout: CgroupLayout(mounts: [], v1Membership: [:], v2Membership: nil)
        )
        #expect(manager.support[.cpu] == .unavailable(reason: "cgroups are turned off in the configuration"))
        let (_, enforcement) = manager.createPodCgroup(podUID: "u4", limits: PodResourceLimits())
        #expect(enforcement.enforced)
        #expect(enforcement.reason == "NoLimits")
    }

    @Test func aControllerMissingFromV2AndV1IsReportedPerLimit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let manager = CgroupManager.detect(
            configuration: CgroupConfiguration(),
            layout: try fakeV2(dir, controllers: "cpu pids")
        )
        #expect(manager.support[.cpu].isAvailable)
        #expect(!manager.support[.memory].isAvailable)
        #expect(manager.support.nodeCondition.reason == "SomeControllersUnavailable")
        let (cgroup, enforcement) = manager.createPodCgroup(
            podUID: "u5",
            limits: PodResourceLimits(memoryBytes: 64 << 20, cpuMillis: 1000)
        )
        #expect(cgroup != nil)
        #expect(!enforcement.enforced)
        #expect(enforcement.reason == "LimitsNotEnforced")
        #expect(
            enforcement.message
                == "memory limit 64Mi not enforced: cgroup v2: not in \(dir.child("unified"))/cgroup.controllers; "
                + "no cgroup v1 memory hierarchy mounted; cpu limit 1 (cgroup v2) enforced"
        )
    }

    @Test func removesPodCgroupsAndParents() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let manager = CgroupManager.detect(
            configuration: CgroupConfiguration(),
            layout: try fakeV2(dir, controllers: "pids")
        )
        let (cgroup, _) = manager.createPodCgroup(podUID: "u6", limits: PodResourceLimits())
        let pod = try #require(cgroup)
        // A fake folder holds the files written into it, so it cannot be removed; the failure is reported.
        #expect(pod.remove().count == 1)
        try FileManager.default.removeItem(atPath: "\(pod.directories[0].path)/pids.max")
        #expect(pod.remove().isEmpty)
        #expect(manager.existingPodCgroup(podUID: "u6") == nil)
    }
}

struct CgroupHostTests {
    @Test(.enabled(if: HostCgroups.memoryWritable, "no memory cgroup is writable on this machine"))
    func createsAndRemovesARealPodCgroup() throws {
        let manager = HostCgroups.manager(podPidsLimit: 64)
        defer { manager.removeParents() }
        let (cgroup, enforcement) = manager.createPodCgroup(
            podUID: "real",
            limits: PodResourceLimits(memoryBytes: 64 << 20, cpuMillis: 250)
        )
        let pod = try #require(cgroup)
        #expect(enforcement.enforced, "\(enforcement.message)")
        let memory = try #require(pod.directories.first { $0.controllers.contains(.memory) })
        let file = memory.version == .v2 ? "memory.max" : "memory.limit_in_bytes"
        let limit = try String(contentsOfFile: "\(memory.path)/\(file)", encoding: .utf8)
        #expect(limit.trimmingCharacters(in: .whitespacesAndNewlines) == "67108864")
        #expect(pod.oomKillCount() == 0)
        #expect(pod.processIDs().isEmpty)
        #expect(pod.remove().isEmpty)
        #expect(manager.removeParents().isEmpty)
    }
}
