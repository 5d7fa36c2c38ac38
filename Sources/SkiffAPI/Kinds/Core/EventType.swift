/// The severity of an event (Kubernetes' `Normal` and `Warning`; `v1` accepts any text, as Kubernetes does).
public struct EventType: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    /// Nothing wrong: something happened as expected.
    public static let normal: EventType = "Normal"
    /// Something may need attention.
    public static let warning: EventType = "Warning"
}
