/// The transport protocol of a port (Kubernetes' `v1.Protocol`).
public enum PortProtocol: String, Sendable, Hashable, CaseIterable {
    case tcp = "TCP"
    case udp = "UDP"
    case sctp = "SCTP"
}

/// A port a container listens on (Kubernetes' `v1.ContainerPort`).
public struct ContainerPort: Sendable, Hashable {
    /// An IANA service name (at most 15 characters); empty when unnamed.
    public var name: String
    /// The port on the host, 0 when not exposed.
    public var hostPort: Int32
    /// 1 to 65535.
    public var containerPort: Int32
    /// Defaults to TCP.
    public var `protocol`: PortProtocol
    /// The host address a host port binds to; every address when empty.
    public var hostIP: String

    /// A port; the protocol defaults to TCP, as Kubernetes defaults it.
    public init(
        name: String = "",
        hostPort: Int32 = 0,
        containerPort: Int32,
        protocol: PortProtocol = .tcp,
        hostIP: String = ""
    ) {
        self.name = name
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.protocol = `protocol`
        self.hostIP = hostIP
    }
}

extension ContainerPort {
    /// Reads one `ports` entry, defaulting the protocol to TCP and validating as Kubernetes'
    /// `validateContainerPorts` (the per-container name uniqueness is checked by the caller).
    static func decode(_ r: MappingReader) -> ContainerPort {
        let context = r.context
        var port = ContainerPort(containerPort: 0)
        port.name = r.string("name") ?? ""
        if !port.name.isEmpty {
            for problem in Self.portNameProblems(port.name) {
                context.invalid(r.path.child("name"), r.mark("name"), value: port.name, problem)
            }
        }
        let written = r.node("containerPort") != nil
        let containerPort = r.int32("containerPort")
        port.containerPort = containerPort ?? 0
        switch containerPort {
        case nil where written:
            break  // a value of the wrong type, already reported by the reader
        case nil, 0:
            context.required(r.path.child("containerPort"), r.mark("containerPort"))
        case let value? where !(1...65535).contains(value):
            context.invalid(
                r.path.child("containerPort"),
                r.mark("containerPort"),
                number: Int64(value),
                "must be between 1 and 65535, inclusive"
            )
        default:
            break
        }
        port.hostPort = r.int32("hostPort") ?? 0
        if port.hostPort != 0 && !(1...65535).contains(port.hostPort) {
            context.invalid(
                r.path.child("hostPort"),
                r.mark("hostPort"),
                number: Int64(port.hostPort),
                "must be between 1 and 65535, inclusive"
            )
        }
        let supported: [PortProtocol] = [.sctp, .tcp, .udp]  // Kubernetes lists them sorted
        port.protocol = r.enumValue("protocol", PortProtocol.self, supported: supported) ?? .tcp
        port.hostIP = r.string("hostIP") ?? ""
        return port
    }

    /// Kubernetes' `IsValidPortName` messages for `name`.
    static func portNameProblems(_ name: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(name.utf8)
        if bytes.count > 15 { problems.append("must be no more than 15 characters") }
        let isLower = { (b: UInt8) in b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if !bytes.allSatisfy({ isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }) {
            problems.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !bytes.contains(where: isLower) { problems.append("must contain at least one letter (a-z)") }
        if name.contains("--") { problems.append("must not contain consecutive hyphens") }
        if bytes.first == UInt8(ascii: "-") || bytes.last == UInt8(ascii: "-") {
            problems.append("must not begin or end with a hyphen")
        }
        return problems
    }

    /// The port as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("name", nonEmpty: name)
        if hostPort != 0 { o["hostPort"] = .int(Int64(hostPort)) }
        o["containerPort"] = .int(Int64(containerPort))
        o["protocol"] = .string(`protocol`.rawValue)
        o.put("hostIP", nonEmpty: hostIP)
        return .object(o)
    }
}
