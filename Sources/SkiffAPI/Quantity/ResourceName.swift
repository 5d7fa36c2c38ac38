/// The name of a compute resource (`cpu`, `memory`, `nvidia.com/gpu`): Kubernetes' `v1.ResourceName`.
public struct ResourceName: RawRepresentable, Sendable, Hashable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible, Codable
{
    /// The name as written in manifests.
    public let rawValue: String

    /// Wraps a name as written in manifests.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Wraps a name as written in manifests.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// A name written as a literal, such as `"example.com/fpga"`.
    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    /// CPU, in cores (`500m` is half a core).
    public static let cpu: ResourceName = "cpu"
    /// Memory, in bytes.
    public static let memory: ResourceName = "memory"
    /// Local ephemeral storage, in bytes.
    public static let ephemeralStorage: ResourceName = "ephemeral-storage"
    /// Persistent storage, in bytes.
    public static let storage: ResourceName = "storage"
    /// The number of pods a node can run.
    public static let pods: ResourceName = "pods"
    /// NVIDIA GPUs, whole devices (an extended resource).
    public static let nvidiaGPU: ResourceName = "nvidia.com/gpu"

    /// The namespace of Kubernetes' own prefixed resources.
    public static let defaultNamespacePrefix = "kubernetes.io/"
    /// The prefix quota uses for requests (`requests.cpu`), which extended resources may not carry.
    public static let requestsPrefix = "requests."
    /// The prefix of huge-page resources (`hugepages-2Mi`).
    public static let hugePagesPrefix = "hugepages-"

    /// Kubernetes' `IsNativeResource`: an unprefixed name or one in the `kubernetes.io/` namespace.
    public var isNativeResource: Bool {
        let bytes = rawValue.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII names (all valid ones): search the bytes, which then agree with characters, instead of the
            // slower character search (this runs for every resource quantity decoded).
            guard bytes.contains(UInt8(ascii: "/")) else { return true }
            let prefix = ResourceName.defaultNamespacePrefix.utf8
            var start = bytes.startIndex
            while let end = bytes.index(start, offsetBy: prefix.count, limitedBy: bytes.endIndex) {
                if bytes[start..<end].elementsEqual(prefix) { return true }
                start = bytes.index(after: start)
            }
            return false
        }
        return !rawValue.contains("/") || rawValue.contains(ResourceName.defaultNamespacePrefix)
    }

    /// Kubernetes' `IsExtendedResourceName`: a domain-prefixed name outside `kubernetes.io/`, not starting with
    /// `requests.`, that is a valid qualified name once `requests.` is put in front (`nvidia.com/gpu` is one).
    public var isExtendedResource: Bool {
        if isNativeResource || rawValue.hasPrefix(ResourceName.requestsPrefix) {
            return false
        }
        return NameValidation.isQualifiedName(ResourceName.requestsPrefix + rawValue).isEmpty
    }

    /// Kubernetes' `IsHugePageResourceName`.
    public var isHugePages: Bool {
        rawValue.hasPrefix(ResourceName.hugePagesPrefix)
    }

    /// Whether quantities of this resource must be whole numbers (Kubernetes' `IsIntegerResourceName` for the
    /// resources a pod or node carries): extended resources such as `nvidia.com/gpu`, and `pods`.
    public var requiresWholeNumber: Bool {
        self == .pods || isExtendedResource
    }

    /// The name as written.
    public var description: String { rawValue }

    /// Orders by name, byte by byte, as Go sorts strings.
    public static func < (lhs: ResourceName, rhs: ResourceName) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

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
