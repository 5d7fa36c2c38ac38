/// Which cgroup hierarchies a host has mounted and where this process sits in each: the facts needed to decide,
/// per controller, whether to use cgroup v2 or v1. Read, never assumed: a hybrid host mounts v1 controllers and a
/// cgroup2 hierarchy that may hold none of them.
public struct CgroupLayout: Sendable, Hashable {
    /// A mounted hierarchy.
    public struct Mount: Sendable, Hashable {
        /// Where it is mounted (`/sys/fs/cgroup/memory`).
        public var mountPoint: String
        /// The cgroup shown at the mount point (`/` unless the mount is of a sub-tree, as in a container).
        public var root: String
        /// v1 or v2.
        public var version: CgroupVersion
        /// The v1 controllers the hierarchy carries (`memory`, or `cpu,cpuacct`); empty for v2.
        public var controllers: Set<String>
    }

    /// Every v1 hierarchy with at least one controller, and the unified one if mounted.
    public var mounts: [Mount]
    /// This process's cgroup per v1 controller.
    public var v1Membership: [String: String]
    /// This process's cgroup in the unified hierarchy.
    public var v2Membership: String?

    /// A layout with the given parts.
    public init(mounts: [Mount], v1Membership: [String: String], v2Membership: String?) {
        self.mounts = mounts
        self.v1Membership = v1Membership
        self.v2Membership = v2Membership
    }

    /// Reads `mountinfo` and `self cgroup` files.
    public static func read(_ paths: CgroupPaths = .system) -> CgroupLayout {
        parse(
            mountinfo: HostInfo.readText(paths.mountinfo) ?? "",
            selfCgroup: HostInfo.readText(paths.selfCgroup) ?? ""
        )
    }

    /// Parses the text of `/proc/self/mountinfo` and `/proc/self/cgroup`.
    public static func parse(mountinfo: String, selfCgroup: String) -> CgroupLayout {
        var mounts: [Mount] = []
        for line in mountinfo.split(whereSeparator: \.isNewline) {
            // `36 25 0:31 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory`
            let fields = line.split(separator: " ")
            guard let dash = fields.firstIndex(of: "-"), dash >= 5, dash + 1 < fields.count else { continue }
            let fsType = fields[dash + 1]
            let root = unescape(fields[3])
            let mountPoint = unescape(fields[4])
            if fsType == "cgroup2" {
                mounts.append(Mount(mountPoint: mountPoint, root: root, version: .v2, controllers: []))
            } else if fsType == "cgroup", dash + 3 < fields.count {
                let known = Set(CgroupController.allCases.map(\.rawValue))
                let options = fields[dash + 3].split(separator: ",").map(String.init)
                let controllers = Set(options.filter { known.contains($0) || $0 == "cpuacct" })
                guard !controllers.isEmpty else { continue }
                mounts.append(Mount(mountPoint: mountPoint, root: root, version: .v1, controllers: controllers))
            }
        }
        var v1: [String: String] = [:]
        var v2: String?
        for line in selfCgroup.split(whereSeparator: \.isNewline) {
            // `4:memory:/user.slice`, `0::/init.scope`
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[0] == "0" && parts[1].isEmpty {
                v2 = path
            } else {
                for controller in parts[1].split(separator: ",") {
                    v1[String(controller)] = path
                }
            }
        }
        return CgroupLayout(mounts: mounts, v1Membership: v1, v2Membership: v2)
    }

    /// The unified hierarchy and this process's folder in it, if mounted.
    public var unified: (mount: Mount, ownDirectory: String)? {
        guard let mount = mounts.first(where: { $0.version == .v2 }), let own = v2Membership else { return nil }
        return (mount, Self.directory(mount: mount, cgroup: own))
    }

    /// The v1 hierarchy carrying `controller` and this process's folder in it, if mounted.
    public func v1(_ controller: CgroupController) -> (mount: Mount, ownDirectory: String)? {
        guard let mount = mounts.first(where: { $0.version == .v1 && $0.controllers.contains(controller.rawValue) })
        else { return nil }
        let own = v1Membership[controller.rawValue] ?? "/"
        return (mount, Self.directory(mount: mount, cgroup: own))
    }

    /// The folder of `cgroup` under a mount whose root may itself be a sub-tree.
    static func directory(mount: Mount, cgroup: String) -> String {
        var relative = cgroup
        if mount.root != "/" && (relative == mount.root || relative.hasPrefix(mount.root + "/")) {
            relative = String(relative.dropFirst(mount.root.count))
        }
        return join(mount.mountPoint, relative)
    }

    static func join(_ base: String, _ relative: String) -> String {
        let trimmed = relative.drop { $0 == "/" }
        guard !trimmed.isEmpty else { return base }
        return base.hasSuffix("/") ? base + trimmed : base + "/" + trimmed
    }

    /// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
    private static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 4 <= utf8.count,
                let value = UInt8(String(decoding: utf8[(i + 1)..<(i + 4)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
