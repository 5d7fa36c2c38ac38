import Foundation
import Glibc

/// What the machine is: CPUs, memory, names and versions, read from `/proc`, `/etc` and `/sys`.
public struct HostInfo: Sendable, Hashable {
    /// Logical CPUs.
    public var cpuCount: Int
    /// `MemTotal`, in bytes.
    public var memoryBytes: Int64
    /// The kernel's host name.
    public var hostname: String
    /// `uname -r`.
    public var kernelVersion: String
    /// `PRETTY_NAME` from `os-release` (`Debian GNU/Linux 12 (bookworm)`).
    public var osImage: String
    /// The Go name of the architecture (`amd64`, `arm64`).
    public var architecture: String
    /// `/etc/machine-id`.
    public var machineID: String
    /// The firmware's product UUID, when readable.
    public var systemUUID: String
    /// The kernel's boot id.
    public var bootID: String
    /// The first IPv4 address of an interface that is up and not loopback.
    public var internalIP: String?

    /// A value with the given fields.
    public init(
        cpuCount: Int,
        memoryBytes: Int64,
        hostname: String,
        kernelVersion: String = "",
        osImage: String = "",
        architecture: String = "",
        machineID: String = "",
        systemUUID: String = "",
        bootID: String = "",
        internalIP: String? = nil
    ) {
        self.cpuCount = cpuCount
        self.memoryBytes = memoryBytes
        self.hostname = hostname
        self.kernelVersion = kernelVersion
        self.osImage = osImage
        self.architecture = architecture
        self.machineID = machineID
        self.systemUUID = systemUUID
        self.bootID = bootID
        self.internalIP = internalIP
    }

    /// Reads the machine. Every field has a fallback, so reading never fails: a missing `/proc/cpuinfo` falls back
    /// to `sysconf`, a missing `os-release` to `Linux`, and so on.
    public static func read(_ paths: HostPaths = .system) -> HostInfo {
        let cpuinfo = readText("\(paths.proc)/cpuinfo").map(cpuCount(fromCPUInfo:)) ?? 0
        let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let memory = readText("\(paths.proc)/meminfo").flatMap(memTotalBytes(fromMeminfo:))
        let osRelease =
            readText("\(paths.etc)/os-release") ?? (paths == .system ? readText("/usr/lib/os-release") : nil)
        var hostname = firstLine("\(paths.proc)/sys/kernel/hostname") ?? ""
        if hostname.isEmpty { hostname = systemHostname() }
        return HostInfo(
            cpuCount: cpuinfo > 0 ? cpuinfo : max(online, 1),
            memoryBytes: memory ?? physicalMemoryFallback(),
            hostname: hostname,
            kernelVersion: firstLine("\(paths.proc)/sys/kernel/osrelease") ?? uname(machine: false),
            osImage: osRelease.flatMap { prettyName(fromOSRelease: $0) } ?? "Linux",
            architecture: KubernetesArchitecture.name(forMachine: uname(machine: true)),
            machineID: firstLine("\(paths.etc)/machine-id") ?? "",
            systemUUID: (firstLine("\(paths.sys)/class/dmi/id/product_uuid") ?? "").lowercased(),
            bootID: firstLine("\(paths.proc)/sys/kernel/random/boot_id") ?? "",
            internalIP: paths == .system ? firstInterfaceIPv4() : nil
        )
    }

    /// The number of `processor` entries in `/proc/cpuinfo`.
    public static func cpuCount(fromCPUInfo text: String) -> Int {
        var count = 0
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingCharacters(in: .whitespaces) == "processor" {
                count += 1
            }
        }
        return count
    }

    /// `MemTotal` from `/proc/meminfo` (`MemTotal:       16331820 kB`), in bytes.
    public static func memTotalBytes(fromMeminfo text: String) -> Int64? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("MemTotal:") {
            let fields = line.dropFirst("MemTotal:".count).split(separator: " ")
            guard let value = fields.first.flatMap({ Int64($0) }), value >= 0 else { return nil }
            let unit = fields.count > 1 ? fields[1].lowercased() : "b"
            switch unit {
            case "kb": return value.multipliedReportingOverflow(by: 1024).overflow ? nil : value * 1024
            case "b": return value
            default: return nil
            }
        }
        return nil
    }

    /// `PRETTY_NAME` from an `os-release` file, unquoted; `NAME VERSION` when there is none.
    public static func prettyName(fromOSRelease text: String) -> String? {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<equals])
            values[key] = unquote(trimmed[trimmed.index(after: equals)...])
        }
        if let pretty = values["PRETTY_NAME"], !pretty.isEmpty { return pretty }
        let parts = [values["NAME"], values["VERSION"]].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Shell-style quoting as `os-release` allows it: single or double quotes, backslash escapes inside double.
    private static func unquote(_ raw: Substring) -> String {
        guard let quote = raw.first, quote == "\"" || quote == "'" else { return String(raw) }
        var result = ""
        var escaped = false
        for character in raw.dropFirst() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" && quote == "\"" {
                escaped = true
            } else if character == quote {
                break
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func readText(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private static func firstLine(_ path: String) -> String? {
        guard let text = readText(path) else { return nil }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `uname -r` or `uname -m`.
    private static func uname(machine: Bool) -> String {
        var names = utsname()
        guard Glibc.uname(&names) == 0 else { return "" }
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return machine ? text(names.machine) : text(names.release)
    }

    private static func systemHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func physicalMemoryFallback() -> Int64 {
        let pages = Int64(sysconf(Int32(_SC_PHYS_PAGES)))
        let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
        return pages > 0 && pageSize > 0 ? pages * pageSize : 0
    }

    /// The node's `InternalIP`, as the kubelet picks one when no `--node-ip` is given: an address of an interface
    /// that is up, not loopback.
    private static func firstInterfaceIPv4() -> String? {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0, let first = head else { return nil }
        defer { freeifaddrs(head) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            let flags = entry.pointee.ifa_flags
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                flags & UInt32(IFF_UP) != 0, flags & UInt32(IFF_LOOPBACK) == 0
            else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let ok = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                var raw = inet.pointee.sin_addr
                return inet_ntop(AF_INET, &raw, &text, socklen_t(INET_ADDRSTRLEN)) != nil
            }
            if ok {
                return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return nil
    }
}
