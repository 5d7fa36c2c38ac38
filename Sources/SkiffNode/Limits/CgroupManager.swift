import Glibc

/// Creates, limits and removes pods' cgroups under one cgroup the daemon owns, using for each controller
/// whichever cgroup version the host offers it in: v2 where the unified hierarchy has the controller, else the v1
/// hierarchy that carries it. Hybrid hosts are common (v1 memory/cpu/pids next to a cgroup2 mount with none of
/// them), so nothing is assumed: the layout is read and every folder is probed by creating one.
public struct CgroupManager: Sendable {
    /// The configuration in force.
    public let configuration: CgroupConfiguration
    /// What the host offers.
    public let support: CgroupSupport
    /// The daemon's folder per hierarchy, for the controllers available.
    private let parents: [Parent]

    private struct Parent: Sendable, Hashable {
        var path: String
        var version: CgroupVersion
        var controllers: [CgroupController]
    }

    /// Probes the host and prepares the daemon's cgroup in every usable hierarchy.
    public static func detect(
        configuration: CgroupConfiguration = CgroupConfiguration(),
        paths: CgroupPaths = .system
    )
        -> CgroupManager
    {
        detect(configuration: configuration, layout: CgroupLayout.read(paths))
    }

    /// Prepares the daemon's cgroup in every usable hierarchy of `layout`.
    public static func detect(configuration: CgroupConfiguration, layout: CgroupLayout) -> CgroupManager {
        guard configuration.enabled else {
            let off = CgroupSupport.Availability.unavailable(reason: "cgroups are turned off in the configuration")
            return CgroupManager(
                configuration: configuration,
                support: CgroupSupport(
                    controllers: Dictionary(uniqueKeysWithValues: CgroupController.allCases.map { ($0, off) })
                ),
                parents: []
            )
        }
        var availability: [CgroupController: CgroupSupport.Availability] = [:]
        var parents: [Parent] = []
        var v1Wanted: [CgroupController] = []

        var v2Reasons: [CgroupController: String] = [:]
        if let unified = layout.unified {
            let base = isAbsolute(configuration.parent) ? unified.mount.mountPoint : unified.ownDirectory
            let offered = Set(
                (CgroupFiles.read("\(base)/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace)
                    .map(String.init)
            )
            let wanted = CgroupController.allCases.filter { offered.contains($0.rawValue) }
            for controller in CgroupController.allCases where !offered.contains(controller.rawValue) {
                v2Reasons[controller] = "not in \(base)/cgroup.controllers"
            }
            if !wanted.isEmpty {
                switch prepareV2(configuration: configuration, base: base, controllers: wanted) {
                case .success(let parent):
                    parents.append(parent)
                    for controller in parent.controllers {
                        availability[controller] = .available(version: .v2, parent: parent.path)
                    }
                    for controller in wanted where !parent.controllers.contains(controller) {
                        v2Reasons[controller] = "could not be enabled for \(parent.path)"
                    }
                case .failure(let failure):
                    let hint =
                        failure.code == EBUSY
                        ? " (the daemon's cgroup holds processes; set moveDaemonIntoLeaf or an absolute parent)" : ""
                    for controller in wanted { v2Reasons[controller] = failure.description + hint }
                }
            }
        }
        for controller in CgroupController.allCases where availability[controller] == nil {
            v1Wanted.append(controller)
        }

        var v1ByDirectory: [String: Parent] = [:]
        var v1Order: [String] = []
        for controller in v1Wanted {
            guard let hierarchy = layout.v1(controller) else {
                let v2 =
                    v2Reasons[controller].map { "cgroup v2: \($0); " }
                    ?? (layout.unified == nil ? "no cgroup2 mount; " : "")
                availability[controller] = .unavailable(
                    reason: "\(v2)no cgroup v1 \(controller.rawValue) hierarchy mounted"
                )
                continue
            }
            let path =
                isAbsolute(configuration.parent)
                ? CgroupLayout.join(hierarchy.mount.mountPoint, configuration.parent)
                : CgroupLayout.join(hierarchy.ownDirectory, configuration.parent)
            if var existing = v1ByDirectory[path] {
                existing.controllers.append(controller)
                v1ByDirectory[path] = existing
                availability[controller] = .available(version: .v1, parent: path)
                continue
            }
            do throws(CgroupFiles.Failure) {
                try CgroupFiles.makeDirectories(path)
                try probe(path)
                v1ByDirectory[path] = Parent(path: path, version: .v1, controllers: [controller])
                v1Order.append(path)
                availability[controller] = .available(version: .v1, parent: path)
            } catch {
                availability[controller] = .unavailable(reason: "cgroup v1: \(error)")
            }
        }
        parents += v1Order.compactMap { v1ByDirectory[$0] }
        return CgroupManager(
            configuration: configuration,
            support: CgroupSupport(controllers: availability),
            parents: parents
        )
    }

    private init(configuration: CgroupConfiguration, support: CgroupSupport, parents: [Parent]) {
        self.configuration = configuration
        self.support = support
        self.parents = parents
    }

    /// Creates the pod's cgroup and writes its limits. Never fails as a whole: what could not be done is in the
    /// returned enforcement, and the pod runs anyway.
    /// - Returns: the cgroup (nil when no controller is usable) and whether the pod's limits are enforced.
    public func createPodCgroup(podUID: String, limits: PodResourceLimits) -> (PodCgroup?, LimitsEnforcement) {
        var limits = limits
        if limits.pids == nil { limits.pids = configuration.podPidsLimit }
        guard !parents.isEmpty else {
            return (
                nil, unenforced(limits, reason: support.isAnyAvailable ? "CgroupSetupFailed" : "CgroupsUnavailable")
            )
        }
        var directories: [PodCgroup.Directory] = []
        var failures: [CgroupController: String] = [:]
        for parent in parents {
            let path = "\(parent.path)/\(PodCgroup.directoryName(podUID: podUID))"
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                let failure = CgroupFiles.Failure(path: path, code: errno)
                for controller in parent.controllers { failures[controller] = failure.description }
                continue
            }
            let directory = PodCgroup.Directory(path: path, version: parent.version, controllers: parent.controllers)
            directories.append(directory)
            for controller in parent.controllers {
                do throws(CgroupFiles.Failure) {
                    try Self.apply(limits, controller: controller, to: directory)
                } catch {
                    failures[controller] = error.description
                }
            }
        }
        let cgroup = directories.isEmpty ? nil : PodCgroup(podUID: podUID, directories: directories)
        return (cgroup, enforcement(limits, cgroup: cgroup, failures: failures))
    }

    /// The pod's cgroup as it would be named, for a pod started before the daemon restarted; nil when no folder
    /// of it exists.
    public func existingPodCgroup(podUID: String) -> PodCgroup? {
        let directories = parents.compactMap { parent -> PodCgroup.Directory? in
            let path = "\(parent.path)/\(PodCgroup.directoryName(podUID: podUID))"
            guard CgroupFiles.exists(path) else { return nil }
            return PodCgroup.Directory(path: path, version: parent.version, controllers: parent.controllers)
        }
        return directories.isEmpty ? nil : PodCgroup(podUID: podUID, directories: directories)
    }

    /// Removes the daemon's own pod parent folders (for a clean uninstall, and tests); folders that still hold
    /// pods stay.
    /// - Returns: the folders that could not be removed, with why.
    @discardableResult
    public func removeParents() -> [String] {
        var problems: [String] = []
        for parent in parents where rmdir(parent.path) != 0 && errno != ENOENT {
            problems.append("\(parent.path): \(String(cString: strerror(errno)))")
        }
        return problems
    }

    // MARK: - Limits

    private static func apply(
        _ limits: PodResourceLimits,
        controller: CgroupController,
        to directory: PodCgroup.Directory
    )
        throws(CgroupFiles.Failure)
    {
        let path = directory.path
        switch (controller, directory.version) {
        case (.memory, .v2):
            try CgroupFiles.write(limits.memoryBytes.map(String.init) ?? "max", to: "\(path)/memory.max")
            // Without swap off a pod over its limit swaps instead of being OOM-killed; best effort, as a host
            // without swap accounting has no such file.
            if limits.memoryBytes != nil && CgroupFiles.exists("\(path)/memory.swap.max") {
                try? CgroupFiles.write("0", to: "\(path)/memory.swap.max")
            }
        case (.memory, .v1):
            try CgroupFiles.write(limits.memoryBytes.map(String.init) ?? "-1", to: "\(path)/memory.limit_in_bytes")
            if let bytes = limits.memoryBytes, CgroupFiles.exists("\(path)/memory.memsw.limit_in_bytes") {
                try? CgroupFiles.write(String(bytes), to: "\(path)/memory.memsw.limit_in_bytes")
            }
        case (.cpu, .v2):
            let quota = limits.cpuQuotaMicros.map(String.init) ?? "max"
            try CgroupFiles.write("\(quota) \(PodResourceLimits.cpuPeriodMicros)", to: "\(path)/cpu.max")
            try CgroupFiles.write(String(limits.cpuWeight), to: "\(path)/cpu.weight")
        case (.cpu, .v1):
            try CgroupFiles.write(String(PodResourceLimits.cpuPeriodMicros), to: "\(path)/cpu.cfs_period_us")
            try CgroupFiles.write(limits.cpuQuotaMicros.map(String.init) ?? "-1", to: "\(path)/cpu.cfs_quota_us")
            try CgroupFiles.write(String(limits.cpuShares), to: "\(path)/cpu.shares")
        case (.pids, _):
            try CgroupFiles.write(limits.pids.map(String.init) ?? "max", to: "\(path)/pids.max")
        }
    }

    private func enforcement(
        _ limits: PodResourceLimits,
        cgroup: PodCgroup?,
        failures: [CgroupController: String]
    )
        -> LimitsEnforcement
    {
        var applied: [String] = []
        var missing: [String] = []
        for (controller, text) in Self.describe(limits) {
            if let failure = failures[controller] {
                missing.append("\(text) not enforced: \(failure)")
            } else if case .available(let version, _) = support[controller] {
                applied.append("\(text) (cgroup \(version.rawValue))")
            } else if case .unavailable(let reason) = support[controller] {
                missing.append("\(text) not enforced: \(reason)")
            }
        }
        if !missing.isEmpty {
            return LimitsEnforcement(
                enforced: false,
                reason: "LimitsNotEnforced",
                message: (missing + applied.map { "\($0) enforced" }).joined(separator: "; ")
            )
        }
        if applied.isEmpty {
            let tracked = cgroup.map { " (processes tracked in \($0.directories.map(\.path).joined(separator: ", ")))" }
            return LimitsEnforcement(
                enforced: true,
                reason: "NoLimits",
                message: "the pod has no limits\(tracked ?? "")"
            )
        }
        return LimitsEnforcement(
            enforced: true,
            reason: "CgroupLimitsApplied",
            message: "enforced: " + applied.joined(separator: ", ")
        )
    }

    private func unenforced(_ limits: PodResourceLimits, reason: String) -> LimitsEnforcement {
        let wanted = Self.describe(limits).map(\.text)
        if wanted.isEmpty {
            return LimitsEnforcement(enforced: true, reason: "NoLimits", message: "the pod has no limits")
        }
        return LimitsEnforcement(
            enforced: false,
            reason: reason,
            message: "the pod runs without its limits (\(wanted.joined(separator: ", "))): \(support.summary)"
        )
    }

    private static func describe(_ limits: PodResourceLimits) -> [(controller: CgroupController, text: String)] {
        var result: [(CgroupController, String)] = []
        if let bytes = limits.memoryBytes {
            result.append((.memory, "memory limit \(Quantity(bytes, format: .binarySI).canonical)"))
        }
        if let millis = limits.cpuMillis {
            result.append((.cpu, "cpu limit \(Quantity(milli: millis).canonical)"))
        }
        if let pids = limits.pids {
            result.append((.pids, "pids limit \(pids)"))
        }
        return result
    }

    // MARK: - Preparing the daemon's cgroup

    private static func isAbsolute(_ parent: String) -> Bool { parent.hasPrefix("/") }

    /// Creates a child of `path` and removes it again: the one reliable test that pod cgroups can be made there.
    private static func probe(_ path: String) throws(CgroupFiles.Failure) {
        let child = "\(path)/skiff-probe-\(getpid())"
        if mkdir(child, 0o755) != 0 && errno != EEXIST {
            throw CgroupFiles.Failure(path: child, code: errno)
        }
        rmdir(child)
    }

    /// On v2, a controller reaches a cgroup only when every ancestor lists it in `cgroup.subtree_control`; this
    /// enables the controllers from `base` down to the daemon's folder.
    private static func prepareV2(
        configuration: CgroupConfiguration,
        base: String,
        controllers: [CgroupController]
    )
        -> Result<Parent, CgroupFiles.Failure>
    {
        let parentPath = CgroupLayout.join(base, configuration.parent)
        let relative = parentPath.dropFirst(base.count).split(separator: "/")
        var chain = [base]
        for component in relative {
            chain.append(chain[chain.count - 1] + "/" + component)
        }
        var enabled = controllers
        do throws(CgroupFiles.Failure) {
            for (position, directory) in chain.enumerated() {
                if position > 0 {
                    if mkdir(directory, 0o755) != 0 && errno != EEXIST {
                        throw CgroupFiles.Failure(path: directory, code: errno)
                    }
                }
                var kept: [CgroupController] = []
                for controller in enabled {
                    let control = "\(directory)/cgroup.subtree_control"
                    do throws(CgroupFiles.Failure) {
                        try CgroupFiles.write("+\(controller.rawValue)", to: control)
                        kept.append(controller)
                    } catch  where error.code == EBUSY && position == 0 && configuration.moveDaemonIntoLeaf {
                        try moveSelf(into: "\(directory)/supervisor")
                        try CgroupFiles.write("+\(controller.rawValue)", to: control)
                        kept.append(controller)
                    } catch  where error.code == EBUSY && position == 0 {
                        throw CgroupFiles.Failure(path: control, code: EBUSY)
                    }
                }
                enabled = kept
                if enabled.isEmpty {
                    throw CgroupFiles.Failure(path: "\(directory)/cgroup.subtree_control", code: EINVAL)
                }
            }
            try probe(parentPath)
        } catch {
            return .failure(error)
        }
        return .success(Parent(path: parentPath, version: .v2, controllers: enabled))
    }

    private static func moveSelf(into leaf: String) throws(CgroupFiles.Failure) {
        if mkdir(leaf, 0o755) != 0 && errno != EEXIST {
            throw CgroupFiles.Failure(path: leaf, code: errno)
        }
        try CgroupFiles.write(String(getpid()), to: "\(leaf)/cgroup.procs")
    }
}
