/// Which controllers the host lets the daemon use, each with where or why not.
public struct CgroupSupport: Sendable, Hashable {
    /// One controller's state.
    public enum Availability: Sendable, Hashable {
        /// Usable: pod cgroups go under `parent`.
        case available(version: CgroupVersion, parent: String)
        /// Not usable, and why.
        case unavailable(reason: String)

        /// Whether usable.
        public var isAvailable: Bool {
            if case .available = self { return true }
            return false
        }
    }

    /// Every controller of ``CgroupController``.
    public var controllers: [CgroupController: Availability]

    /// A value with the given states.
    public init(controllers: [CgroupController: Availability]) {
        self.controllers = controllers
    }

    /// The state of one controller (unavailable when unknown).
    public subscript(controller: CgroupController) -> Availability {
        controllers[controller] ?? .unavailable(reason: "not probed")
    }

    /// Whether at least one controller is usable.
    public var isAnyAvailable: Bool { controllers.values.contains(where: \.isAvailable) }

    /// `memory: cgroup v1 (/sys/fs/cgroup/memory/skiff); cpu: …; pids: unavailable (…)`.
    public var summary: String {
        CgroupController.allCases.map { controller in
            switch self[controller] {
            case .available(let version, let parent): "\(controller.rawValue): cgroup \(version.rawValue) (\(parent))"
            case .unavailable(let reason): "\(controller.rawValue): unavailable (\(reason))"
            }
        }.joined(separator: "; ")
    }

    /// The node condition ``NodeConditionType/limitsEnforced`` for this support.
    public var nodeCondition: NodeCondition {
        let all = CgroupController.allCases.allSatisfy { self[$0].isAvailable }
        return NodeCondition(
            type: .limitsEnforced,
            status: all ? .true : .false,
            reason: all ? "CgroupsAvailable" : (isAnyAvailable ? "SomeControllersUnavailable" : "CgroupsUnavailable"),
            message: summary
        )
    }
}
