extension LabelSelector: LabelMatcher {
    /// The `=`, `==` and `in` requirements. `nothing` yields one requirement no label value meets, so that an
    /// index answers it with no candidates.
    public var indexableRequirements: [StoreLabelRequirement] {
        if matchesNothing { return [StoreLabelRequirement(key: "", values: [])] }
        return requirements.compactMap { requirement in
            switch requirement.operator {
            case .equals, .doubleEquals, .in: StoreLabelRequirement(key: requirement.key, values: requirement.values)
            default: nil
            }
        }
    }
}
