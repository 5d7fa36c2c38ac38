/// A node's taint (Kubernetes' `v1.Taint`): pods that do not tolerate it are kept off the node (or evicted, for
/// `NoExecute`).
public struct Taint: Sendable, Hashable, CustomStringConvertible {
    /// A qualified name (`nvidia.com/gpu`, `dedicated`).
    public var key: String
    /// A label value; may be empty.
    public var value: String
    /// What the taint does to pods that do not tolerate it.
    public var effect: TaintEffect
    /// When a `NoExecute` taint was added (set by the node controller; used for eviction timing).
    public var timeAdded: Timestamp?

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(key: String, value: String = "", effect: TaintEffect, timeAdded: Timestamp? = nil) {
        self.key = key
        self.value = value
        self.effect = effect
        self.timeAdded = timeAdded
    }

    /// `key=value:Effect` (or `key:Effect`), as `kubectl taint` writes taints.
    public var description: String {
        value.isEmpty ? "\(key):\(effect.rawValue)" : "\(key)=\(value):\(effect.rawValue)"
    }
}

extension Taint {
    /// Reads and validates the taints of a node spec as Kubernetes' `validateNodeTaints` does: keys are
    /// qualified names, values label values, the effect is required, and no two taints share a key and effect.
    static func decodeList(_ reader: MappingReader, key: String) -> [Taint]? {
        let context = reader.context
        var seen = Set<String>()
        return reader.mappingList(key) { r in
            let key = r.string("key") ?? ""
            for problem in NameValidation.isQualifiedName(key) {
                context.invalid(r.path.child("key"), r.mark("key"), value: key, problem)
            }
            let value = r.string("value") ?? ""
            let valueProblems = NameValidation.isValidLabelValue(value)
            if !valueProblems.isEmpty {
                context.invalid(
                    r.path.child("value"),
                    r.mark("value"),
                    value: value,
                    valueProblems.joined(separator: ";")
                )
            }
            let effect = r.enumValue("effect", TaintEffect.self, supported: TaintEffect.allCases, required: true)
            let timeAdded = r.timestamp("timeAdded")
            guard let effect else { return nil }
            let taint = Taint(key: key, value: value, effect: effect, timeAdded: timeAdded)
            if !seen.insert("\(key)\u{0}\(effect.rawValue)").inserted {
                context.duplicate(
                    r.path,
                    r.node.mark,
                    value: taint.description,
                    "taints must be unique by key and effect pair"
                )
            }
            return taint
        }
    }

    /// The taint as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["key"] = .string(key)
        o.put("value", nonEmpty: value)
        o["effect"] = .string(effect.rawValue)
        o.put("timeAdded", timeAdded.map { .string($0.rfc3339) })
        return .object(o)
    }
}
