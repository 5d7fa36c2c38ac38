/// What a node reports about its machine (Kubernetes' `v1.NodeSystemInfo`).
public struct NodeSystemInfo: Sendable, Hashable {
    /// The machine's `/etc/machine-id`.
    public var machineID: String
    /// The firmware's system UUID.
    public var systemUUID: String
    /// The kernel's boot id; changes on reboot.
    public var bootID: String
    /// The kernel release (`uname -r`).
    public var kernelVersion: String
    /// `Ubuntu 24.04.1 LTS`.
    public var osImage: String
    /// The runtime that runs the node's pods.
    public var containerRuntimeVersion: String
    /// The version Skiff reports for its node agent (`v1.32.0-skiff`).
    public var kubeletVersion: String
    /// Empty for Skiff nodes (no kube-proxy); kept for clients that print it.
    public var kubeProxyVersion: String
    /// `linux`.
    public var operatingSystem: String
    /// `amd64`, `arm64`.
    public var architecture: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        machineID: String = "",
        systemUUID: String = "",
        bootID: String = "",
        kernelVersion: String = "",
        osImage: String = "",
        containerRuntimeVersion: String = "",
        kubeletVersion: String = "",
        kubeProxyVersion: String = "",
        operatingSystem: String = "",
        architecture: String = ""
    ) {
        self.machineID = machineID
        self.systemUUID = systemUUID
        self.bootID = bootID
        self.kernelVersion = kernelVersion
        self.osImage = osImage
        self.containerRuntimeVersion = containerRuntimeVersion
        self.kubeletVersion = kubeletVersion
        self.kubeProxyVersion = kubeProxyVersion
        self.operatingSystem = operatingSystem
        self.architecture = architecture
    }

    /// Whether nothing has been reported.
    public var isEmpty: Bool { self == NodeSystemInfo() }
}

extension NodeSystemInfo {
    /// Field names in Kubernetes' order, with their key paths, for reading and printing.
    private static let fields: [(String, any WritableKeyPath<NodeSystemInfo, String> & Sendable)] = [
        ("machineID", \.machineID),
        ("systemUUID", \.systemUUID),
        ("bootID", \.bootID),
        ("kernelVersion", \.kernelVersion),
        ("osImage", \.osImage),
        ("containerRuntimeVersion", \.containerRuntimeVersion),
        ("kubeletVersion", \.kubeletVersion),
        ("kubeProxyVersion", \.kubeProxyVersion),
        ("operatingSystem", \.operatingSystem),
        ("architecture", \.architecture),
    ]

    static func decode(_ r: MappingReader) -> NodeSystemInfo {
        var info = NodeSystemInfo()
        for (name, keyPath) in fields {
            info[keyPath: keyPath] = r.string(name) ?? ""
        }
        return info
    }

    /// The info as Kubernetes prints it: every field, even when empty.
    public var encoded: JSONValue {
        var o = JSONObject()
        for (name, keyPath) in Self.fields {
            o[name] = .string(self[keyPath: keyPath])
        }
        return .object(o)
    }
}
