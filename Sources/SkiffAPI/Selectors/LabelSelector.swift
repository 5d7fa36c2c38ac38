/// A parsed label selector, the matcher Kubernetes calls `labels.Selector`: a conjunction of requirements on an
/// object's labels, such as `app=web,tier in (frontend,cache),!canary`.
///
/// Build one by parsing Kubernetes' text syntax (`init(parsing:)`), from a label set (`init(matching:)`, how a
/// `nodeSelector` matches), or from the structured `LabelSelectorSpec` of a manifest. `everything` matches every
/// label set; `nothing` matches none (what a nil structured selector means). Requirements are kept sorted by key,
/// so equal selectors print alike and a store can look up the equality requirements in its indexes.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// How a requirement relates a label to its values: Kubernetes' `selection.Operator`, with its spellings.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        /// `key in (a,b)`: the label is set to one of the values.
        case `in` = "in"
        /// `key notin (a,b)`: the label is unset or set to none of the values.
        case notIn = "notin"
        /// `key=a`: the label is set to the value.
        case equals = "="
        /// `key==a`: the same as `=`.
        case doubleEquals = "=="
        /// `key!=a`: the label is unset or set to another value.
        case notEquals = "!="
        /// `key>1`: the label is set to an integer greater than the value.
        case greaterThan = "gt"
        /// `key<1`: the label is set to an integer less than the value.
        case lessThan = "lt"
        /// `key`: the label is set.
        case exists = "exists"
        /// `!key`: the label is not set.
        case doesNotExist = "!"
    }

    /// One condition on one label key: Kubernetes' `labels.Requirement`.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// The label key.
        public let key: String
        /// How the label relates to `values`.
        public let `operator`: Operator
        /// The values, in the order given (sorted and unique when parsed from text).
        public let values: [String]

        /// A requirement without validation, for values the parser or a validated set already checked.
        init(unchecked key: String, operator: Operator, values: [String]) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }

        /// Builds a requirement, validating it as Kubernetes' `NewRequirement`: the key must be a qualified name,
        /// every value a valid label value, `in`/`notin` need values, `=`/`==`/`!=` exactly one, `exists`/`!` none,
        /// and `gt`/`lt` exactly one integer.
        public init(key: String, operator: Operator, values: [String]) throws(SelectorError) {
            try self.init(key: key, operator: `operator`, values: values, keyPath: "key")
        }

        init(key: String, operator: Operator, values: [String], keyPath: String) throws(SelectorError) {
            var errors: [String] = []
            let keyErrors = NameValidation.isQualifiedName(key)
            if !keyErrors.isEmpty {
                errors.append(
                    GoFormat.invalid(
                        path: keyPath,
                        value: GoFormat.quoted(key),
                        detail: keyErrors.joined(separator: "; ")
                    )
                )
            }
            let valueList = GoFormat.stringSlice(values)
            switch `operator` {
            case .in, .notIn:
                if values.isEmpty {
                    errors.append(
                        GoFormat.invalid(
                            path: "values",
                            value: valueList,
                            detail: "for 'in', 'notin' operators, values set can't be empty"
                        )
                    )
                }
            case .equals, .doubleEquals, .notEquals:
                if values.count != 1 {
                    errors.append(
                        GoFormat.invalid(
                            path: "values",
                            value: valueList,
                            detail: "exact-match compatibility requires one single value"
                        )
                    )
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    errors.append(
                        GoFormat.invalid(
                            path: "values",
                            value: valueList,
                            detail: "values set must be empty for exists and does not exist"
                        )
                    )
                }
            case .greaterThan, .lessThan:
                if values.count != 1 {
                    errors.append(
                        GoFormat.invalid(
                            path: "values",
                            value: valueList,
                            detail: "for 'Gt', 'Lt' operators, exactly one value is required"
                        )
                    )
                }
                for (index, value) in values.enumerated() where Int64(value) == nil {
                    errors.append(
                        GoFormat.invalid(
                            path: "values[\(index)]",
                            value: GoFormat.quoted(value),
                            detail: "for 'Gt', 'Lt' operators, the value must be an integer"
                        )
                    )
                }
            }
            for (index, value) in values.enumerated() {
                let valueErrors = NameValidation.isValidLabelValue(value)
                if !valueErrors.isEmpty {
                    errors.append(
                        GoFormat.invalid(
                            path: "values[\(index)][\(key)]",
                            value: GoFormat.quoted(value),
                            detail: valueErrors.joined(separator: "; ")
                        )
                    )
                }
            }
            if !errors.isEmpty {
                throw SelectorError(GoFormat.aggregate(errors))
            }
            self.init(unchecked: key, operator: `operator`, values: values)
        }

        /// Whether a label set satisfies the requirement (Kubernetes' `Requirement.Matches`).
        public func matches(_ labels: [String: String]) -> Bool {
            switch `operator` {
            case .in, .equals, .doubleEquals:
                guard let value = labels[key] else { return false }
                return values.contains(value)
            case .notIn, .notEquals:
                guard let value = labels[key] else { return true }
                return !values.contains(value)
            case .exists:
                return labels[key] != nil
            case .doesNotExist:
                return labels[key] == nil
            case .greaterThan, .lessThan:
                guard let text = labels[key], let actual = Int64(text), values.count == 1,
                    let bound = Int64(values[0])
                else {
                    return false
                }
                return `operator` == .greaterThan ? actual > bound : actual < bound
            }
        }

        /// The requirement in selector syntax: `key=a`, `key in (a,b)`, `!key`; several values print sorted.
        public var description: String {
            let prefix = `operator` == .doesNotExist ? "!" : ""
            let infix: String
            switch `operator` {
            case .equals: infix = "="
            case .doubleEquals: infix = "=="
            case .notEquals: infix = "!="
            case .in: infix = " in "
            case .notIn: infix = " notin "
            case .greaterThan: infix = ">"
            case .lessThan: infix = "<"
            case .exists, .doesNotExist: return prefix + key
            }
            let shown = values.count == 1 ? values[0] : LabelSelector.sortedByBytes(values).joined(separator: ",")
            if `operator` == .in || `operator` == .notIn {
                return key + infix + "(" + shown + ")"
            }
            return key + infix + shown
        }
    }

    /// The requirements, all of which must hold, sorted by key.
    public let requirements: [Requirement]

    /// True only for `nothing`.
    public let matchesNothing: Bool

    private init(sortedRequirements: [Requirement], matchesNothing: Bool) {
        self.requirements = sortedRequirements
        self.matchesNothing = matchesNothing
    }

    /// A selector requiring all of `requirements` (sorted by key, keeping the given order for equal keys).
    public init(requirements: [Requirement]) {
        self.init(sortedRequirements: LabelSelector.sortedByKey(requirements), matchesNothing: false)
    }

    /// The selector that matches exactly the labels given, each `key=value` (Kubernetes' `SelectorFromSet`, the
    /// way a `nodeSelector` matches). An empty set matches everything. Keys and values are not validated.
    public init(matching labels: [String: String]) {
        self.init(requirements: labels.map { Requirement(unchecked: $0.key, operator: .equals, values: [$0.value]) })
    }

    /// Matches every label set (Kubernetes' `labels.Everything()`); also what an empty selector means.
    public static let everything = LabelSelector(sortedRequirements: [], matchesNothing: false)

    /// Matches no label set (Kubernetes' `labels.Nothing()`); what a nil structured selector means.
    public static let nothing = LabelSelector(sortedRequirements: [], matchesNothing: true)

    /// Whether the selector does not restrict anything (Kubernetes' `Empty()`): true for `everything`, false for
    /// `nothing`.
    public var isEmpty: Bool { !matchesNothing && requirements.isEmpty }

    /// Whether a label set satisfies every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        if matchesNothing {
            return false
        }
        for requirement in requirements where !requirement.matches(labels) {
            return false
        }
        return true
    }

    /// The value a matching object must have for `key`, when the selector pins one with `=`, `==` or a
    /// one-value `in` (Kubernetes' `RequiresExactMatch`), so a store can answer from an index.
    public func exactMatchValue(for key: String) -> String? {
        guard let requirement = requirements.first(where: { $0.key == key }) else { return nil }
        switch requirement.operator {
        case .equals, .doubleEquals, .in:
            return requirement.values.count == 1 ? requirement.values[0] : nil
        default:
            return nil
        }
    }

    /// This selector with more requirements (Kubernetes' `Add`); `nothing` stays `nothing`.
    public func adding(_ more: [Requirement]) -> LabelSelector {
        if matchesNothing {
            return self
        }
        return LabelSelector(requirements: requirements + more)
    }

    /// The selector in Kubernetes' syntax, requirements joined by `,` (empty for `everything` and `nothing`).
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    static func sortedByKey(_ requirements: [Requirement]) -> [Requirement] {
        requirements.enumerated().sorted { left, right in
            if left.element.key != right.element.key {
                return left.element.key.utf8.lexicographicallyPrecedes(right.element.key.utf8)
            }
            return left.offset < right.offset
        }.map(\.element)
    }

    static func sortedByBytes(_ values: [String]) -> [String] {
        values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
