/// What the store needs from a field selector: its requirements (`metadata.name=x`, `spec.nodeName!=`), all of
/// which must hold. Field selectors conform to this, so a list or watch takes any of them.
public protocol FieldMatcher: Sendable {
    /// The requirements, for the store's index choice and its check of supported fields.
    var fieldRequirements: [StoreFieldRequirement] { get }
    /// Whether `object` meets every requirement; the default asks ``fieldRequirements``.
    func matches(_ object: any APIObject) -> Bool
}

/// One field-selector requirement: `field=value` (also written `==`) or `field!=value`.
public struct StoreFieldRequirement: Sendable, Hashable {
    /// `=`/`==` or `!=`, the only operators Kubernetes' field selectors have.
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
    }

    public var field: String
    public var op: Operator
    public var value: String

    public init(field: String, op: Operator, value: String) {
        self.field = field
        self.op = op
        self.value = value
    }

    /// Whether `object` meets the requirement. A field the kind does not have reads as empty, as Kubernetes'
    /// `fields.Set` does (the store rejects unsupported fields before matching).
    public func matches(_ object: any APIObject) -> Bool {
        let actual = object.fieldValue(field) ?? ""
        switch op {
        case .equals: return actual == value
        case .notEquals: return actual != value
        }
    }
}

extension FieldMatcher {
    public func matches(_ object: any APIObject) -> Bool {
        fieldRequirements.allSatisfy { $0.matches(object) }
    }
}
