import SkiffNode
import Testing

struct CgroupLayoutTests {
    static let hybridMountinfo = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """
    static let hybridSelf = """
        9:name=systemd:/
        8:pids:/
        4:memory:/process_api/cd7b
        1:cpu:/
        0::/
        """

    @Test func readsAHybridHost() throws {
        let layout = CgroupLayout.parse(mountinfo: Self.hybridMountinfo, selfCgroup: Self.hybridSelf)
        #expect(layout.mounts.count == 5)
        let unified = try #require(layout.unified)
        #expect(unified.mount.mountPoint == "/sys/fs/cgroup/unified")
        #expect(unified.ownDirectory == "/sys/fs/cgroup/unified")
        #expect(layout.v1(.memory)?.ownDirectory == "/sys/fs/cgroup/memory/process_api/cd7b")
        #expect(layout.v1(.cpu)?.ownDirectory == "/sys/fs/cgroup/cpu")
        #expect(layout.v1(.pids)?.mount.mountPoint == "/sys/fs/cgroup/pids")
    }

    @Test func readsAPureV2Host() throws {
        let layout = CgroupLayout.parse(
            mountinfo: "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw\n",
            selfCgroup: "0::/system.slice/skiffd.service\n"
        )
        #expect(layout.v1(.memory) == nil)
        #expect(layout.unified?.ownDirectory == "/sys/fs/cgroup/system.slice/skiffd.service")
    }

    @Test func aMountOfASubtreeMapsTheOwnCgroupInsideIt() {
        let layout = CgroupLayout.parse(
            mountinfo: "50 40 0:32 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n",
            selfCgroup: "4:memory:/docker/abc/inner\n"
        )
        #expect(layout.v1(.memory)?.ownDirectory == "/sys/fs/cgroup/memory/inner")
    }

    @Test func coMountedControllersShareAHierarchy() {
        let layout = CgroupLayout.parse(
            mountinfo: "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n",
            selfCgroup: "3:cpu,cpuacct:/user.slice\n"
        )
        #expect(layout.v1(.cpu)?.ownDirectory == "/sys/fs/cgroup/cpu,cpuacct/user.slice")
    }

    @Test func unescapesMountPoints() {
        let layout = CgroupLayout.parse(
            mountinfo: "41 31 0:38 / /tmp/my\\040cgroup rw - cgroup2 cgroup2 rw\n",
            selfCgroup: "0::/\n"
        )
        #expect(layout.unified?.mount.mountPoint == "/tmp/my cgroup")
    }

    @Test func nothingMountedMeansNothingFound() {
        let layout = CgroupLayout.parse(mountinfo: "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n", selfCgroup: "")
        #expect(layout.mounts.isEmpty)
        #expect(layout.unified == nil)
        #expect(layout.v1(.pids) == nil)
    }
}
