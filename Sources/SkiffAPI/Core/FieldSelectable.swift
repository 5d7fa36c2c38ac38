/// A kind that supports field selectors beyond `metadata.name` and `metadata.namespace` (which every kind
/// supports), as Kubernetes registers selectable fields per kind (`spec.nodeName`, `status.phase`, …).
public protocol FieldSelectable {
    /// The fields this kind can be selected by, besides the metadata ones.
    static var selectableFields: [String] { get }
    /// The value of a selectable field, or nil when the field is not selectable.
    func selectableField(_ name: String) -> String?
}

extension APIObject {
    /// The value of a field selector's field for this object: `metadata.name`, `metadata.namespace`, or a
    /// kind-specific field (see ``FieldSelectable``); nil when the kind does not support that field.
    public func fieldValue(_ name: String) -> String? {
        switch name {
        case "metadata.name": return metadata.name
        case "metadata.namespace": return metadata.namespace
        default: return (self as? any FieldSelectable)?.selectableField(name)
        }
    }
}
