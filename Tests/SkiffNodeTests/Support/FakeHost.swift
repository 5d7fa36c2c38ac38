import SkiffNode

/// A `/proc`, `/etc` and `/sys` laid out under a temporary folder, as discovery reads them.
enum FakeHost {
    static func make(in dir: TemporaryDirectory, cpus: Int = 4, memTotalKiB: Int64 = 16_331_820) throws -> HostPaths {
        var cpuinfo = ""
        for i in 0..<cpus {
            cpuinfo += "processor\t: \(i)\nvendor_id\t: GenuineIntel\nmodel name\t: Fake CPU\n\n"
        }
        try dir.write("proc/cpuinfo", cpuinfo)
        try dir.write(
            "proc/meminfo",
            "MemTotal:       \(memTotalKiB) kB\nMemFree:         1000000 kB\nMemAvailable:    2000000 kB\n"
        )
        try dir.write("proc/sys/kernel/hostname", "Build-Host-7\n")
        try dir.write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
        try dir.write("proc/sys/kernel/random/boot_id", "0b7a1c2e-1111-2222-3333-444455556666\n")
        try dir.write(
            "etc/os-release",
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
        )
        try dir.write("etc/machine-id", "0123456789abcdef0123456789abcdef\n")
        try dir.write("sys/class/dmi/id/product_uuid", "EC2A1B2C-0000-1111-2222-333344445555\n")
        return HostPaths(proc: dir.child("proc"), etc: dir.child("etc"), sys: dir.child("sys"))
    }
}
