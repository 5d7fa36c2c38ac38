/// A write to one of the store's side tables: small records a component keeps next to the objects (the manifest
/// loader's file table), made durable in the same transaction as the object writes around them. Records are not
/// objects: they have no resourceVersion and are never watched, listed or served by the API.
public struct StoreRecordChange: Sendable, Hashable {
    /// The side table, named by the component that owns it.
    public var table: String
    /// The record's key within its table.
    public var key: String
    /// The new value; nil removes the record.
    public var value: [UInt8]?

    public init(table: String, key: String, value: [UInt8]?) {
        self.table = table
        self.key = key
        self.value = value
    }
}
