/// A secondary index over one kind, maintained on every write: `values(object)` names the buckets an object is
/// filed under (client-go's `IndexFunc`), and ``ObjectStore/keys(index:value:)`` reads one bucket.
public struct IndexDefinition: Sendable {
    /// Unique within a store; registering a name again replaces that index.
    public var name: String
    public var groupKind: GroupKind
    /// The field selector field this index answers (`spec.nodeName`), so that lists and watches selecting
    /// `field=value` read the bucket instead of scanning; nil for other indexes.
    public var field: String?
    /// The index values of an object; must depend only on the object.
    public var values: @Sendable (any APIObject) -> [String]

    public init(
        name: String,
        groupKind: GroupKind,
        field: String? = nil,
        values: @escaping @Sendable (any APIObject) -> [String]
    ) {
        self.name = name
        self.groupKind = groupKind
        self.field = field
        self.values = values
    }

    /// An index of `groupKind` by the value of a field selector field (`spec.nodeName`), named
    /// `Kind.group:field` unless `name` is given. Objects are filed under the field's value, also when empty.
    public static func field(_ field: String, of groupKind: GroupKind, name: String? = nil) -> IndexDefinition {
        IndexDefinition(name: name ?? "\(groupKind):\(field)", groupKind: groupKind, field: field) { object in
            [object.fieldValue(field) ?? ""]
        }
    }
}
