/// The structured label selector written in manifests (Kubernetes' `metav1.LabelSelector`): `matchLabels` and
/// `matchExpressions`, all of which must hold. Convert it to a matcher with `LabelSelector(_:)`.
public struct LabelSelectorSpec: Sendable, Hashable, Codable {
    /// An operator of a `matchExpressions` entry (Kubernetes' `LabelSelectorOperator`). Any spelling decodes, so
    /// that an unknown one can be reported the way Kubernetes reports it.
    public struct Operator: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
        CustomStringConvertible
    {
        /// The operator as written.
        public let rawValue: String

        /// Wraps an operator as written.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// An operator written as a literal.
        public init(stringLiteral value: String) {
            self.rawValue = value
        }

        /// The label's value is one of `values`.
        public static let `in`: Operator = "In"
        /// The label is unset or its value is none of `values`.
        public static let notIn: Operator = "NotIn"
        /// The label is set.
        public static let exists: Operator = "Exists"
        /// The label is not set.
        public static let doesNotExist: Operator = "DoesNotExist"

        /// The operator as written.
        public var description: String { rawValue }

        /// Decodes a plain string.
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        /// Encodes a plain string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    /// One `matchExpressions` entry (Kubernetes' `LabelSelectorRequirement`).
    public struct Requirement: Sendable, Hashable, Codable {
        /// The label key.
        public var key: String
        /// How the label relates to `values`.
        public var `operator`: Operator
        /// The values; empty for `Exists` and `DoesNotExist`.
        public var values: [String]

        /// An expression.
        public init(key: String, operator: Operator, values: [String] = []) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }

        private enum CodingKeys: String, CodingKey {
            case key, `operator`, values
        }

        /// Decodes `key`, `operator` and optional `values`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            self.operator = try container.decode(Operator.self, forKey: .operator)
            values = try container.decodeIfPresent([String].self, forKey: .values) ?? []
        }

        /// Encodes `key`, `operator`, and `values` when there are any.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(self.operator, forKey: .operator)
            if !values.isEmpty {
                try container.encode(values, forKey: .values)
            }
        }
    }

    /// Labels that must be set to exactly these values.
    public var matchLabels: [String: String]
    /// Further requirements.
    public var matchExpressions: [Requirement]

    /// A selector; the empty one matches everything.
    public init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    private enum CodingKeys: String, CodingKey {
        case matchLabels, matchExpressions
    }

    /// Decodes optional `matchLabels` and `matchExpressions`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        matchLabels = try container.decodeIfPresent([String: String].self, forKey: .matchLabels) ?? [:]
        matchExpressions = try container.decodeIfPresent([Requirement].self, forKey: .matchExpressions) ?? []
    }

    /// Encodes the non-empty parts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !matchLabels.isEmpty {
            try container.encode(matchLabels, forKey: .matchLabels)
        }
        if !matchExpressions.isEmpty {
            try container.encode(matchExpressions, forKey: .matchExpressions)
        }
    }
}

extension LabelSelector {
    /// The matcher for a structured selector, as Kubernetes' `LabelSelectorAsSelector`: nil matches nothing, an
    /// empty selector matches everything, and a bad key, value or operator throws Kubernetes' error
    /// (`"Foo" is not a valid label selector operator`).
    public init(_ spec: LabelSelectorSpec?) throws(SelectorError) {
        guard let spec else {
            self = .nothing
            return
        }
        if spec.matchLabels.isEmpty && spec.matchExpressions.isEmpty {
            self = .everything
            return
        }
        var requirements: [Requirement] = []
        requirements.reserveCapacity(spec.matchLabels.count + spec.matchExpressions.count)
        // Go walks matchLabels in random order and stops at the first error; sorting makes the error stable.
        for key in LabelSelector.sortedByBytes(Array(spec.matchLabels.keys)) {
            requirements.append(try Requirement(key: key, operator: .equals, values: [spec.matchLabels[key] ?? ""]))
        }
        for expression in spec.matchExpressions {
            let op: Operator
            switch expression.operator {
            case .in: op = .in
            case .notIn: op = .notIn
            case .exists: op = .exists
            case .doesNotExist: op = .doesNotExist
            default:
                throw SelectorError(
                    GoFormat.quoted(expression.operator.rawValue) + " is not a valid label selector operator"
                )
            }
            requirements.append(try Requirement(key: expression.key, operator: op, values: expression.values))
        }
        self.init(requirements: requirements)
    }
}
