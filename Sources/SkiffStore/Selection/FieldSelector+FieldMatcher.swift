extension FieldSelector: FieldMatcher {
    public var fieldRequirements: [StoreFieldRequirement] {
        requirements.map { requirement in
            StoreFieldRequirement(
                field: requirement.field,
                op: requirement.operator == .equals ? .equals : .notEquals,
                value: requirement.value
            )
        }
    }

    /// Matches without building the requirement list, since the store calls this for every candidate.
    public func matches(_ object: any APIObject) -> Bool {
        matches { object.fieldValue($0) }
    }
}
