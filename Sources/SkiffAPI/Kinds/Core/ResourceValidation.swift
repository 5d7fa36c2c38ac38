/// Kubernetes' checks of resource names and quantities (`validateContainerResourceName`,
/// `ValidateResourceQuantityValue` and the helpers behind them), with its messages.
enum ResourceValidation {
    /// Unprefixed names Kubernetes accepts anywhere (`helper.standardResources`).
    static let standardResources: Set<String> = [
        "cpu", "memory", "ephemeral-storage",
        "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage",
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
        "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports", "services.loadbalancers",
    ]

    /// Unprefixed names a container may request (`helper.standardContainerResources`, plus huge pages).
    static let standardContainerResources: Set<String> = ["cpu", "memory", "ephemeral-storage"]

    /// The problems with `name` as a container resource name, in Kubernetes' order.
    static func containerResourceNameProblems(_ name: ResourceName) -> [String] {
        let text = name.rawValue
        var problems = NameValidation.isQualifiedName(text)
        if !problems.isEmpty { return problems }
        let unprefixed = !text.contains("/")
        if unprefixed && !isStandardResource(text) {
            problems.append("must be a standard resource type or fully qualified")
        }
        if unprefixed {
            if !standardContainerResources.contains(text) && !name.isHugePages {
                problems.append("must be a standard resource for containers")
            }
        } else if !name.isNativeResource && !name.isExtendedResource {
            problems.append("doesn't follow extended resource name standard")
        }
        return problems
    }

    private static func isStandardResource(_ text: String) -> Bool {
        standardResources.contains(text) || text.hasPrefix("hugepages-") || text.hasPrefix("requests.hugepages-")
    }

    /// The problems with `quantity` for `name` (`ValidateResourceQuantityValue`): never negative, and whole
    /// for extended resources and `pods`.
    static func quantityProblems(_ name: ResourceName, _ quantity: Quantity) -> [String] {
        var problems: [String] = []
        if quantity.sign < 0 { problems.append("must be greater than or equal to 0") }
        if name.requiresWholeNumber && quantity.milliValue % 1000 != 0 { problems.append("must be an integer") }
        return problems
    }

    /// Kubernetes' `IsHugePageResourceValueDivisible`: the quantity is a whole number of pages of the size the
    /// name gives (`hugepages-2Mi`).
    static func isHugePageValueDivisible(_ name: ResourceName, _ quantity: Quantity) -> Bool {
        let size = name.rawValue.dropFirst(ResourceName.hugePagesPrefix.count)
        guard let pageSize = Quantity.parse(size), pageSize.sign > 0, pageSize.milliValue % 1000 == 0 else {
            return false
        }
        return quantity.value % pageSize.value == 0
    }

    /// Whether Kubernetes lets requests of `name` be below its limit (`IsOvercommitAllowed`): native resources
    /// other than huge pages. Extended resources such as `nvidia.com/gpu` are not overcommitted.
    static func isOvercommitAllowed(_ name: ResourceName) -> Bool {
        name.isNativeResource && !name.isHugePages
    }
}

/// A resource list read from a manifest with the position of each quantity, for errors about single entries.
struct MarkedResourceList {
    var list = ResourceList()
    var marks: [ResourceName: Mark] = [:]
}

extension MappingReader {
    /// A map of resource names to quantities (`requests`, `limits`, `capacity`). Quantities may be written as
    /// strings or numbers, as Kubernetes reads them; unparsable ones are reported with Kubernetes' message
    /// at `path[name]` (or `path.name` when `keyedPaths` is false, as node status paths are printed).
    func resourceList(_ key: String, keyedPaths: Bool = true) -> MarkedResourceList? {
        guard let value = node(key) else { return nil }
        guard case .mapping(let pairs) = value.content else {
            context.error(path.child(key), value.mark, "expected a mapping, found \(value.kindDescription)")
            return nil
        }
        var result = MarkedResourceList()
        for pair in pairs {
            guard let name = pair.key.scalar?.value else {
                context.error(
                    path.child(key),
                    pair.key.mark,
                    "expected a string key, found \(pair.key.kindDescription)"
                )
                continue
            }
            let entryPath = keyedPaths ? path.child(key).key(name) : path.child(key).child(name)
            guard case .scalar(let scalar) = pair.value.content else {
                context.error(entryPath, pair.value.mark, "expected a quantity, found \(pair.value.kindDescription)")
                continue
            }
            let quantity: Quantity
            switch scalar.kind {
            case .null:
                quantity = .zero
            case .bool:
                context.error(entryPath, pair.value.mark, "expected a quantity, found \(pair.value.kindDescription)")
                continue
            default:
                do {
                    quantity = try Quantity(parsing: scalar.value)
                } catch {
                    context.invalid(entryPath, pair.value.mark, value: scalar.value, error.description)
                    continue
                }
            }
            let resource = ResourceName(name)
            result.list[resource] = quantity
            result.marks[resource] = pair.value.mark
        }
        return result
    }
}

extension ResourceList {
    /// The list as Kubernetes prints it: names sorted, canonical quantities.
    public var encoded: JSONValue {
        var o = JSONObject()
        for entry in self { o[entry.name.rawValue] = .string(entry.quantity.canonical) }
        return .object(o)
    }
}
