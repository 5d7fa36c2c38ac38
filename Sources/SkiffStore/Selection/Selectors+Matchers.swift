extension LabelSelector: LabelMatcher {
    /// The requirements the label index answers: `key=value`, `key==value` and `key in (…)`.
    public var indexableRequirements: [StoreLabelRequirement] {
        requirements.compactMap { requirement in
            switch requirement.operator {
            case .equals, .doubleEquals, .in:
                return StoreLabelRequirement(key: requirement.key, values: Array(requirement.values))
            default:
                return nil
            }
        }
    }
}

extension FieldSelector: FieldMatcher {
    /// Every term, as the store evaluates them against an object's selectable fields.
    public var fieldRequirements: [StoreFieldRequirement] {
        requirements.map { requirement in
            StoreFieldRequirement(
                field: requirement.field,
                op: requirement.operator == .equals ? .equals : .notEquals,
                value: requirement.value
            )
        }
    }
}
