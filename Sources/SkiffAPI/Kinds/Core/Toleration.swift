/// How a toleration compares its value with a taint's (Kubernetes' `TolerationOperator`).
public enum TolerationOperator: String, Sendable, Hashable, CaseIterable {
    /// The taint's value must equal the toleration's (the meaning of an absent operator).
    case equal = "Equal"
    /// Any value matches; the toleration's value must be empty.
    case exists = "Exists"
}

/// A pod's toleration of node taints (Kubernetes' `v1.Toleration`).
public struct Toleration: Sendable, Hashable {
    /// The taint key matched; empty (with `Exists`) matches every key.
    public var key: String
    /// Nil when not written; it then means `Equal`, as in Kubernetes.
    public var `operator`: TolerationOperator?
    /// The taint value matched with `Equal`; empty with `Exists`.
    public var value: String
    /// The taint effect matched; nil matches every effect.
    public var effect: TaintEffect?
    /// For `NoExecute`: how long the pod stays bound after the taint appears; nil means forever.
    public var tolerationSeconds: Int64?

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        key: String = "",
        operator: TolerationOperator? = nil,
        value: String = "",
        effect: TaintEffect? = nil,
        tolerationSeconds: Int64? = nil
    ) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }

    /// Whether this toleration tolerates `taint`, as Kubernetes' `Toleration.ToleratesTaint`.
    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, effect != taint.effect { return false }
        if !key.isEmpty && key != taint.key { return false }
        switch `operator` {
        case .exists: return true
        case .equal, nil: return value == taint.value
        }
    }
}

extension Toleration {
    /// Reads and validates one toleration as Kubernetes' `ValidateTolerations` does (including its choice of
    /// reporting value problems at `operator`).
    static func decode(_ r: MappingReader) -> Toleration? {
        let context = r.context
        var toleration = Toleration()
        toleration.key = r.string("key") ?? ""
        if !toleration.key.isEmpty {
            for problem in NameValidation.isQualifiedName(toleration.key) {
                context.invalid(r.path.child("key"), r.mark("key"), value: toleration.key, problem)
            }
        }
        let operatorText = r.string("operator") ?? ""
        toleration.value = r.string("value") ?? ""
        let effectText = r.string("effect") ?? ""
        toleration.tolerationSeconds = r.int("tolerationSeconds")

        let operatorPath = r.path.child("operator")
        if toleration.key.isEmpty && operatorText != TolerationOperator.exists.rawValue {
            context.invalid(
                operatorPath,
                r.mark("operator"),
                value: operatorText,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\""
            )
        }
        if toleration.tolerationSeconds != nil && effectText != TaintEffect.noExecute.rawValue {
            context.invalid(
                r.path.child("effect"),
                r.mark("effect"),
                value: effectText,
                "effect must be 'NoExecute' when `tolerationSeconds` is set"
            )
        }
        switch operatorText {
        case "", TolerationOperator.equal.rawValue:
            toleration.operator = operatorText.isEmpty ? nil : .equal
            let problems = NameValidation.isValidLabelValue(toleration.value)
            if !problems.isEmpty {
                context.invalid(operatorPath, r.mark("value"), value: toleration.value, problems.joined(separator: ";"))
            }
        case TolerationOperator.exists.rawValue:
            toleration.operator = .exists
            if !toleration.value.isEmpty {
                context.invalid(
                    operatorPath,
                    r.mark("value"),
                    value: toleration.value,
                    "value must be empty when `operator` is 'Exists'"
                )
            }
        default:
            context.notSupported(
                operatorPath,
                r.mark("operator"),
                value: operatorText,
                supported: TolerationOperator.allCases.map(\.rawValue)
            )
        }
        if !effectText.isEmpty {
            toleration.effect = TaintEffect(rawValue: effectText)
            if toleration.effect == nil {
                context.notSupported(
                    r.path.child("effect"),
                    r.mark("effect"),
                    value: effectText,
                    supported: TaintEffect.allCases.map(\.rawValue)
                )
            }
        }
        return toleration
    }

    /// The toleration as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("key", nonEmpty: key)
        o.put("operator", nonEmpty: `operator`?.rawValue)
        o.put("value", nonEmpty: value)
        o.put("effect", nonEmpty: effect?.rawValue)
        o.put("tolerationSeconds", tolerationSeconds.map { .int($0) })
        return .object(o)
    }
}
