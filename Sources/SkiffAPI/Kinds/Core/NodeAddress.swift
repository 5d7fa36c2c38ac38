/// The kind of a node address (Kubernetes' `v1.NodeAddressType`).
public struct NodeAddressType: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static let hostname: NodeAddressType = "Hostname"
    public static let internalIP: NodeAddressType = "InternalIP"
    public static let externalIP: NodeAddressType = "ExternalIP"
    public static let internalDNS: NodeAddressType = "InternalDNS"
    public static let externalDNS: NodeAddressType = "ExternalDNS"
}

/// One address of a node (Kubernetes' `v1.NodeAddress`).
public struct NodeAddress: Sendable, Hashable {
    public var type: NodeAddressType
    public var address: String

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
