/// The kind of a node address (Kubernetes' `v1.NodeAddressType`).
public struct NodeAddressType: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The text as written.
    public var rawValue: String

    /// Wraps the text as written.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A value written as a literal.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// The text as written.
    public var description: String { rawValue }

    /// `Hostname`.
    public static let hostname: NodeAddressType = "Hostname"
    /// `InternalIP`.
    public static let internalIP: NodeAddressType = "InternalIP"
    /// `ExternalIP`.
    public static let externalIP: NodeAddressType = "ExternalIP"
    /// `InternalDNS`.
    public static let internalDNS: NodeAddressType = "InternalDNS"
    /// `ExternalDNS`.
    public static let externalDNS: NodeAddressType = "ExternalDNS"
}

/// One address of a node (Kubernetes' `v1.NodeAddress`).
public struct NodeAddress: Sendable, Hashable {
    /// What kind of address it is.
    public var type: NodeAddressType
    /// The host name or IP address.
    public var address: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(type: NodeAddressType, address: String) {
        self.type = type
        self.address = address
    }
}

extension NodeAddress {
    static func decode(_ r: MappingReader) -> NodeAddress? {
        guard let type = r.string("type", required: true), let address = r.string("address", required: true) else {
            return nil
        }
        return NodeAddress(type: NodeAddressType(rawValue: type), address: address)
    }

    /// The address as Kubernetes prints it.
    public var encoded: JSONValue {
        .object(["type": .string(type.rawValue), "address": .string(address)])
    }
}
