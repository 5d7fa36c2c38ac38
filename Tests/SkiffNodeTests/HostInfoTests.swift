import SkiffNode
import Testing

struct HostInfoTests {
    @Test func readsAFakeMachine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let host = HostInfo.read(try FakeHost.make(in: dir, cpus: 6, memTotalKiB: 1000))
        #expect(host.cpuCount == 6)
        #expect(host.memoryBytes == 1_024_000)
        #expect(host.hostname == "Build-Host-7")
        #expect(host.kernelVersion == "6.1.0-18-amd64")
        #expect(host.osImage == "Debian GNU/Linux 12 (bookworm)")
        #expect(host.machineID == "0123456789abcdef0123456789abcdef")
        #expect(host.systemUUID == "ec2a1b2c-0000-1111-2222-333344445555")
        #expect(host.bootID == "0b7a1c2e-1111-2222-3333-444455556666")
        #expect(["amd64", "arm64"].contains(host.architecture))
    }

    @Test func fallsBackWhenFilesAreMissing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let host = HostInfo.read(HostPaths(proc: dir.child("none"), etc: dir.child("none"), sys: dir.child("none")))
        #expect(host.cpuCount >= 1)
        #expect(host.memoryBytes > 0)
        #expect(!host.hostname.isEmpty)
        #expect(host.osImage == "Linux")
        #expect(host.machineID.isEmpty)
    }

    @Test func readsTheRealMachine() {
        let host = HostInfo.read()
        #expect(host.cpuCount >= 1)
        #expect(host.memoryBytes > 1 << 20)
        #expect(!host.kernelVersion.isEmpty)
    }

    @Test func countsProcessorsInCPUInfo() {
        let text = "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\nprocessors\t: 9\n\nprocessor : 2\n"
        #expect(HostInfo.cpuCount(fromCPUInfo: text) == 3)
        #expect(HostInfo.cpuCount(fromCPUInfo: "") == 0)
    }

    @Test func readsMemTotal() {
        #expect(HostInfo.memTotalBytes(fromMeminfo: "MemFree: 1 kB\nMemTotal:       16331820 kB\n") == 16_723_783_680)
        #expect(HostInfo.memTotalBytes(fromMeminfo: "MemTotal: 12\n") == 12)
        #expect(HostInfo.memTotalBytes(fromMeminfo: "MemTotal: lots kB\n") == nil)
        #expect(HostInfo.memTotalBytes(fromMeminfo: "MemFree: 1 kB\n") == nil)
    }

    @Test func readsOSRelease() {
        #expect(
            HostInfo.prettyName(fromOSRelease: "NAME=Ubuntu\nPRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\n")
                == "Ubuntu 24.04.1 LTS"
        )
        #expect(HostInfo.prettyName(fromOSRelease: "# comment\nNAME='Arch Linux'\n") == "Arch Linux")
        #expect(
            HostInfo.prettyName(fromOSRelease: "NAME=\"Fedora\"\nVERSION=\"40 (Server)\"\n") == "Fedora 40 (Server)"
        )
        #expect(HostInfo.prettyName(fromOSRelease: "PRETTY_NAME=\"Say \\\"hi\\\"\"\n") == "Say \"hi\"")
        #expect(HostInfo.prettyName(fromOSRelease: "ID=x\n") == nil)
    }
}
