import SkiffStore

/// A label selector for the tests, standing in for the real one: equality, inequality, set and existence
/// requirements, all of which must hold.
struct TestLabels: LabelMatcher {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, [String])
        case notIn(String, [String])
        case exists(String)
        case doesNotExist(String)
    }

    var requirements: [Requirement]

    init(_ requirements: Requirement...) {
        self.requirements = requirements
    }

    /// `key=value` for each pair.
    static func equal(_ pairs: [String: String]) -> TestLabels {
        TestLabels(requirements: pairs.map { .equals($0.key, $0.value) })
    }

    init(requirements: [Requirement]) {
        self.requirements = requirements
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    var indexableRequirements: [StoreLabelRequirement] {
        requirements.compactMap { requirement in
            switch requirement {
            case .equals(let key, let value): StoreLabelRequirement(key: key, values: [value])
            case .isIn(let key, let values): StoreLabelRequirement(key: key, values: values)
            default: nil
            }
        }
    }
}

/// A field selector for the tests.
struct TestFields: FieldMatcher {
    var fieldRequirements: [StoreFieldRequirement]

    init(_ requirements: StoreFieldRequirement...) {
        fieldRequirements = requirements
    }

    static func equal(_ field: String, _ value: String) -> TestFields {
        TestFields(StoreFieldRequirement(field: field, op: .equals, value: value))
    }

    static func notEqual(_ field: String, _ value: String) -> TestFields {
        TestFields(StoreFieldRequirement(field: field, op: .notEquals, value: value))
    }
}
