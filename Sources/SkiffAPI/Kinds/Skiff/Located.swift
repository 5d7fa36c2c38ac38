/// A value read from a document together with its field path and position, for checks that run after reading
/// (cross-field rules, and values that different document formats write in different places).
public struct Located<Value> {
    /// The value read.
    public var value: Value
    /// The field it was read from.
    public var path: FieldPath
    /// Where it was written.
    public var mark: Mark

    public init(_ value: Value, path: FieldPath, mark: Mark) {
        self.value = value
        self.path = path
        self.mark = mark
    }
}

extension MappingReader {
    /// `key`'s path and value position, wrapped around a value read from it.
    public func located<Value>(_ key: String, _ value: Value?) -> Located<Value>? {
        value.map { Located($0, path: path.child(key), mark: mark(key)) }
    }
}
