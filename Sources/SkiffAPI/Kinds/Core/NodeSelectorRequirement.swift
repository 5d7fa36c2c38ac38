/// How a node selector requirement compares a node's label (or field) with its values (Kubernetes'
/// `NodeSelectorOperator`).
public enum NodeSelectorOperator: String, Sendable, Hashable, CaseIterable {
    case `in` = "In"
    case notIn = "NotIn"
    case exists = "Exists"
    case doesNotExist = "DoesNotExist"
    /// The label, read as an integer, is greater than the single value.
    case gt = "Gt"
    /// The label, read as an integer, is less than the single value.
    case lt = "Lt"
}

/// One condition of a node selector term (Kubernetes' `v1.NodeSelectorRequirement`): a label key (or, in
/// `matchFields`, the field `metadata.name`), an operator and values.
public struct NodeSelectorRequirement: Sendable, Hashable {
    /// The label key (a qualified name).
    public var key: String
    /// How the label is compared with `values`.
    public var `operator`: NodeSelectorOperator
    /// The values compared with; their number depends on the operator.
    public var values: [String]

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(key: String, operator: NodeSelectorOperator, values: [String] = []) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    /// Whether a node with `labels` satisfies this label requirement, as Kubernetes' label selector
    /// requirement matches (`Gt`/`Lt` need the label and the value to be base-10 integers).
    public func matches(labels: [String: String]) -> Bool {
        let label = labels[key]
        switch `operator` {
        case .in: return label.map(values.contains) ?? false
        case .notIn: return label.map { !values.contains($0) } ?? true
        case .exists: return label != nil
        case .doesNotExist: return label == nil
        case .gt, .lt:
            guard values.count == 1, let bound = Int64(values[0]), let label, let actual = Int64(label) else {
                return false
            }
            return `operator` == .gt ? actual > bound : actual < bound
        }
    }

    /// Whether a node named `nodeName` satisfies this field requirement (`metadata.name` with `In` or `NotIn`).
    public func matches(nodeName: String) -> Bool {
        guard key == "metadata.name", values.count == 1 else { return false }
        switch `operator` {
        case .in: return nodeName == values[0]
        case .notIn: return nodeName != values[0]
        default: return false
        }
    }
}

extension NodeSelectorRequirement {
    /// Reads a `matchExpressions` entry, validated as Kubernetes' `ValidateNodeSelectorRequirement`.
    /// - Parameter validateValues: whether values must be label values (required node affinity; preferred
    ///   terms allow anything, as Kubernetes does).
    static func decodeExpression(_ r: MappingReader, validateValues: Bool) -> NodeSelectorRequirement? {
        let context = r.context
        let key = r.string("key") ?? ""
        let operatorText = r.string("operator") ?? ""
        let values = r.stringList("values") ?? []
        let valuesPath = r.path.child("values")
        let op = NodeSelectorOperator(rawValue: operatorText)
        switch op {
        case .in, .notIn:
            if values.isEmpty {
                context.required(valuesPath, r.mark("values"), "must be specified when `operator` is 'In' or 'NotIn'")
            }
        case .exists, .doesNotExist:
            if !values.isEmpty {
                context.forbidden(
                    valuesPath,
                    r.mark("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                )
            }
        case .gt, .lt:
            if values.count != 1 {
                context.required(
                    valuesPath,
                    r.mark("values"),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'"
                )
            }
        case nil:
            context.invalid(
                r.path.child("operator"),
                r.mark("operator"),
                value: operatorText,
                "not a valid selector operator"
            )
        }
        for problem in NameValidation.isQualifiedName(key) {
            context.invalid(r.path.child("key"), r.mark("key"), value: key, problem)
        }
        if validateValues, let items = r.node["values"]?.items {
            for (i, value) in values.enumerated() {
                for problem in NameValidation.isValidLabelValue(value) {
                    context.invalid(
                        valuesPath.index(i),
                        i < items.count ? items[i].mark : r.mark("values"),
                        value: value,
                        problem
                    )
                }
            }
        }
        guard let op else { return nil }
        return NodeSelectorRequirement(key: key, operator: op, values: values)
    }

    /// Reads a `matchFields` entry, validated as Kubernetes' `ValidateNodeFieldSelectorRequirement`: only
    /// `metadata.name`, with `In` or `NotIn` and exactly one value that is a valid node name.
    static func decodeField(_ r: MappingReader) -> NodeSelectorRequirement? {
        let context = r.context
        let key = r.string("key") ?? ""
        let operatorText = r.string("operator") ?? ""
        let values = r.stringList("values") ?? []
        let op = NodeSelectorOperator(rawValue: operatorText)
        switch op {
        case .in, .notIn:
            if values.count != 1 {
                context.required(
                    r.path.child("values"),
                    r.mark("values"),
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
                )
            }
        default:
            context.invalid(
                r.path.child("operator"),
                r.mark("operator"),
                value: operatorText,
                "not a valid selector operator"
            )
        }
        if key != "metadata.name" {
            context.invalid(r.path.child("key"), r.mark("key"), value: key, "not a valid field selector key")
        } else {
            let items = r.node["values"]?.items ?? []
            for (i, value) in values.enumerated() {
                for problem in NameValidation.isDNS1123Subdomain(value) {
                    let mark = i < items.count ? items[i].mark : r.mark("values")
                    context.invalid(r.path.child("values").index(i), mark, value: value, problem)
                }
            }
        }
        guard let op, op == .in || op == .notIn else { return nil }
        return NodeSelectorRequirement(key: key, operator: op, values: values)
    }

    /// The requirement as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["key"] = .string(key)
        o["operator"] = .string(`operator`.rawValue)
        o.put("values", nonEmpty: values.map { .string($0) })
        return .object(o)
    }
}
