/// A container's compute resources (Kubernetes' `v1.ResourceRequirements`): what the scheduler reserves
/// (`requests`) and the most it may use (`limits`).
public struct ResourceRequirements: Sendable, Hashable {
    /// The most of each resource the container may use.
    public var limits: ResourceList
    /// After defaulting, every resource with a limit also has a request (see ``decode(_:)``).
    public var requests: ResourceList

    /// Requirements with Kubernetes' defaulting applied, so that a value built in code equals the same manifest
    /// decoded: a resource with a limit and no request requests its limit.
    public init(limits: ResourceList = ResourceList(), requests: ResourceList = ResourceList()) {
        self.limits = limits
        self.requests = requests
        for entry in limits where self.requests[entry.name] == nil {
            self.requests[entry.name] = entry.quantity
        }
    }

    /// Whether neither requests nor limits are set.
    public var isEmpty: Bool { limits.isEmpty && requests.isEmpty }
}

extension ResourceRequirements {
    /// Reads `resources`, defaults requests from limits and validates as Kubernetes'
    /// `ValidateContainerResourceRequirements`: resource names valid for containers, quantities non-negative,
    /// extended resources whole; requests at most limits, and equal to them for resources that may not be
    /// overcommitted (`nvidia.com/gpu`), which need a limit.
    static func decode(_ r: MappingReader) -> ResourceRequirements {
        let context = r.context
        let limits = r.resourceList("limits") ?? MarkedResourceList()
        var requests = r.resourceList("requests") ?? MarkedResourceList()
        for entry in limits.list where requests.list[entry.name] == nil {
            requests.list[entry.name] = entry.quantity
            requests.marks[entry.name] = limits.marks[entry.name]
        }
        let limitsPath = r.path.child("limits")
        let requestsPath = r.path.child("requests")
        for entry in limits.list {
            let mark = limits.marks[entry.name] ?? r.mark("limits")
            validate(entry, path: limitsPath.key(entry.name.rawValue), mark: mark, context)
        }
        for entry in requests.list {
            let mark = requests.marks[entry.name] ?? r.mark("requests")
            validate(entry, path: requestsPath.key(entry.name.rawValue), mark: mark, context)
            let request = entry.quantity.canonical
            if let limit = limits.list[entry.name] {
                let overcommit = ResourceValidation.isOvercommitAllowed(entry.name)
                if entry.quantity != limit && !overcommit {
                    context.invalid(
                        requestsPath,
                        mark,
                        value: request,
                        "must be equal to \(entry.name.rawValue) limit of \(limit.canonical)"
                    )
                } else if entry.quantity > limit {
                    context.invalid(
                        requestsPath,
                        mark,
                        value: request,
                        "must be less than or equal to \(entry.name.rawValue) limit of \(limit.canonical)"
                    )
                }
            } else if !ResourceValidation.isOvercommitAllowed(entry.name) {
                context.required(limitsPath, mark, "Limit must be set for non overcommitable resources")
            }
        }
        let names = limits.list.names + requests.list.names
        if names.contains(where: \.isHugePages) && !names.contains(where: { $0 == .cpu || $0 == .memory }) {
            context.forbidden(r.path, r.node.mark, "HugePages require cpu or memory")
        }
        return ResourceRequirements(limits: limits.list, requests: requests.list)
    }

    private static func validate(_ entry: ResourceList.Entry, path: FieldPath, mark: Mark, _ context: DecodeContext) {
        for problem in ResourceValidation.containerResourceNameProblems(entry.name) {
            context.invalid(path, mark, value: entry.name.rawValue, problem)
        }
        for problem in ResourceValidation.quantityProblems(entry.name, entry.quantity) {
            context.invalid(path, mark, value: entry.quantity.canonical, problem)
        }
        if entry.name.isHugePages && !ResourceValidation.isHugePageValueDivisible(entry.name, entry.quantity) {
            context.invalid(
                path,
                mark,
                value: entry.quantity.canonical,
                "\(entry.quantity.canonical) is not positive integer multiple of \(entry.name.rawValue)"
            )
        }
    }

    /// The requirements as Kubernetes prints them (`{}` when empty).
    public var encoded: JSONValue {
        var o = JSONObject()
        if !limits.isEmpty { o["limits"] = limits.encoded }
        if !requests.isEmpty { o["requests"] = requests.encoded }
        return .object(o)
    }
}
