/// An instance type's `resources`: what each pod of a job asks for (`requests`) and may use at most (`limits`).
/// Azure ML's rules (reference §1.2): cpu and memory limits are required and non-zero; requests default to the
/// limits where only limits are set, as Kubernetes defaults a container's; `nvidia.com/gpu` is a whole number and,
/// like every extended resource, requested exactly as much as its limit.
public struct InstanceTypeResources: Sendable, Hashable {
    /// What a pod is guaranteed; the scheduler counts these.
    public var requests: ResourceList
    /// The most a pod may use.
    public var limits: ResourceList

    public init(requests: ResourceList = ResourceList(), limits: ResourceList = ResourceList()) {
        self.requests = requests
        self.limits = limits
    }

    /// The number of GPUs a pod gets (zero when the instance type names none).
    public var gpus: Int64 { limits[.nvidiaGPU]?.exactInt64 ?? 0 }

    /// Reads `resources` and applies the rules; nil (with errors recorded) when they are broken.
    public static func decode(_ r: MappingReader) -> InstanceTypeResources? {
        let errorsBefore = r.context.errors.count
        let requests = readList(r, "requests")
        let limits = readList(r, "limits")
        var resources = InstanceTypeResources(requests: requests.list, limits: limits.list)
        let limitsPath = r.path.child("limits")
        let requestsPath = r.path.child("requests")
        for name in [ResourceName.cpu, .memory] where limits.list[name] == nil && limits.marks[name] == nil {
            r.context.required(limitsPath.key(name.rawValue), r.mark("limits"))
        }
        for entry in limits.list where resources.requests[entry.name] == nil {
            resources.requests[entry.name] = entry.quantity
        }
        for (list, path, marks) in [
            (limits.list, limitsPath, limits.marks), (requests.list, requestsPath, requests.marks),
        ] {
            for name in [ResourceName.cpu, .memory] {
                guard let quantity = list[name], quantity.isZero else { continue }
                let mark = marks[name] ?? r.node.mark
                r.context.invalid(path.key(name.rawValue), mark, value: quantity.canonical, "must be greater than zero")
            }
        }
        for entry in requests.list {
            let path = requestsPath.key(entry.name.rawValue)
            let mark = requests.marks[entry.name] ?? r.node.mark
            guard let limit = limits.list[entry.name] else {
                if !allowsOvercommit(entry.name) {
                    r.context.required(
                        limitsPath.key(entry.name.rawValue),
                        r.mark("limits"),
                        "Limit must be set for non overcommitable resources"
                    )
                }
                continue
            }
            if !allowsOvercommit(entry.name) && entry.quantity != limit {
                r.context.invalid(
                    path,
                    mark,
                    value: entry.quantity.canonical,
                    "must be equal to \(entry.name.rawValue) limit of \(limit.canonical)"
                )
            } else if entry.quantity > limit {
                r.context.invalid(
                    path,
                    mark,
                    value: entry.quantity.canonical,
                    "must be less than or equal to \(entry.name.rawValue) limit of \(limit.canonical)"
                )
            }
        }
        return r.context.errors.count == errorsBefore ? resources : nil
    }

    /// Reads a resource list: names checked as Kubernetes checks container resources, quantities parsed exactly
    /// (strings or bare numbers), `null` read as absent.
    private static func readList(_ r: MappingReader, _ key: String) -> (list: ResourceList, marks: [ResourceName: Mark])
    {
        var list = ResourceList()
        var marks: [ResourceName: Mark] = [:]
        guard let node = r.node(key) else { return (list, marks) }
        let path = r.path.child(key)
        guard let pairs = node.pairs else {
            r.context.error(path, node.mark, "expected a mapping, found \(node.kindDescription)")
            return (list, marks)
        }
        for pair in pairs {
            guard let nameText = pair.key.scalar?.value else {
                r.context.error(path, pair.key.mark, "expected a string key, found \(pair.key.kindDescription)")
                continue
            }
            let name = ResourceName(nameText)
            let entryPath = path.key(nameText)
            if marks[name] != nil {
                r.context.error(entryPath, pair.key.mark, "Duplicate value: \(FieldError.quote(nameText))")
                continue
            }
            guard validateName(name, path: entryPath, mark: pair.key.mark, context: r.context) else { continue }
            guard case .scalar(let scalar) = pair.value.content else {
                r.context.error(entryPath, pair.value.mark, "expected a quantity, found \(pair.value.kindDescription)")
                continue
            }
            switch scalar.kind {
            case .null: continue
            case .bool:
                r.context.error(entryPath, pair.value.mark, "expected a quantity, found a boolean")
                continue
            case .string, .int, .float: break
            }
            // Present, even if invalid below: its own error says what is wrong, not "Required value".
            marks[name] = pair.value.mark
            let quantity: Quantity
            do {
                quantity = try Quantity(parsing: scalar.value)
            } catch {
                r.context.invalid(entryPath, pair.value.mark, value: scalar.value, error.description)
                continue
            }
            if quantity.sign < 0 {
                r.context.invalid(entryPath, pair.value.mark, value: scalar.value, "must be greater than or equal to 0")
                continue
            }
            if name.requiresWholeNumber && !quantity.isInteger {
                r.context.invalid(entryPath, pair.value.mark, value: scalar.value, "must be an integer")
                continue
            }
            list[name] = quantity
        }
        return (list, marks)
    }

    /// Kubernetes' `validateContainerResourceName`: a qualified name; without a domain, one of the standard
    /// container resources.
    private static func validateName(_ name: ResourceName, path: FieldPath, mark: Mark, context: DecodeContext) -> Bool
    {
        var ok = true
        for problem in NameValidation.isQualifiedName(name.rawValue) {
            context.invalid(path, mark, value: name.rawValue, problem)
            ok = false
        }
        guard ok else { return false }
        if !name.rawValue.contains("/")
            && !([ResourceName.cpu, .memory, .ephemeralStorage].contains(name) || name.isHugePages)
        {
            context.invalid(path, mark, value: name.rawValue, "must be a standard resource type or fully qualified")
            return false
        }
        return true
    }

    /// Kubernetes' `IsOvercommitAllowed`: native resources other than huge pages may be requested below their
    /// limit; extended resources (`nvidia.com/gpu`) and huge pages may not.
    static func allowsOvercommit(_ name: ResourceName) -> Bool { name.isNativeResource && !name.isHugePages }

    /// `{limits, requests}` with canonical quantities, in the order Kubernetes prints them.
    public var encoded: JSONValue {
        func list(_ l: ResourceList) -> JSONValue {
            var o = JSONObject()
            for entry in l { o[entry.name.rawValue] = .string(entry.quantity.canonical) }
            return .object(o)
        }
        var o = JSONObject()
        if !limits.isEmpty { o["limits"] = list(limits) }
        if !requests.isEmpty { o["requests"] = list(requests) }
        return .object(o)
    }
}
