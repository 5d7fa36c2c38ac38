/// One property of an ARM object value.
public struct ARMObjectEntry: Sendable {
    /// The property name.
    public var key: String
    /// The property value.
    public var value: ARMValue
    /// Where the value was written or computed.
    public var mark: Mark

    public init(key: String, value: ARMValue, mark: Mark) {
        self.key = key
        self.value = value
        self.mark = mark
    }
}
