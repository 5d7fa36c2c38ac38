/// One container of a pod (Kubernetes' `v1.Container`, the fields Skiff runs).
///
/// `image` is optional here, unlike in Kubernetes: Skiff's local node runs a pod's `command` directly as a
/// process, so a local pod needs no image; the virtual node and an exec hook may use it.
public struct Container: Sendable, Hashable {
    /// A DNS-1123 label, unique among the pod's containers and init containers.
    public var name: String
    /// The container image; empty for a local pod that runs its command directly.
    public var image: String
    /// The executable and its arguments (the image's entrypoint when empty).
    public var command: [String]
    /// Arguments to the command (the image's default arguments when both are empty).
    public var args: [String]
    /// The directory the command runs in; the runtime's default when empty.
    public var workingDir: String
    /// Ports the container listens on (informational, and host ports to reserve).
    public var ports: [ContainerPort]
    /// Environment variables set for the command, in order.
    public var env: [EnvVar]
    /// Compute resources requested and limited.
    public var resources: ResourceRequirements

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        name: String,
        image: String = "",
        command: [String] = [],
        args: [String] = [],
        workingDir: String = "",
        ports: [ContainerPort] = [],
        env: [EnvVar] = [],
        resources: ResourceRequirements = ResourceRequirements()
    ) {
        self.name = name
        self.image = image
        self.command = command
        self.args = args
        self.workingDir = workingDir
        self.ports = ports
        self.env = env
        self.resources = resources
    }
}

extension Container {
    /// Reads one container, validated as Kubernetes' `validateContainerCommon` and
    /// `validateContainerOnlyForPod` (name uniqueness across the pod is checked by ``PodSpec``).
    static func decode(_ r: MappingReader) -> Container {
        let context = r.context
        var container = Container(name: r.string("name") ?? "")
        if container.name.isEmpty {
            context.required(r.path.child("name"), r.mark("name"))
        } else {
            for problem in NameValidation.isDNS1123Label(container.name) {
                context.invalid(r.path.child("name"), r.mark("name"), value: container.name, problem)
            }
        }
        container.image = r.string("image") ?? ""
        if container.image != container.image.trimmingWhitespace {
            context.invalid(
                r.path.child("image"),
                r.mark("image"),
                value: container.image,
                "must not have leading or trailing whitespace"
            )
        }
        container.command = r.stringList("command") ?? []
        container.args = r.stringList("args") ?? []
        container.workingDir = r.string("workingDir") ?? ""
        var portNames = Set<String>()
        container.ports =
            r.mappingList("ports") { p in
                let port = ContainerPort.decode(p)
                if !port.name.isEmpty && ContainerPort.portNameProblems(port.name).isEmpty
                    && !portNames.insert(port.name).inserted
                {
                    context.duplicate(p.path.child("name"), p.mark("name"), value: port.name)
                }
                return port
            } ?? []
        container.env = r.mappingList("env", EnvVar.decode) ?? []
        container.resources = r.mapping("resources", ResourceRequirements.decode) ?? ResourceRequirements()
        return container
    }

    /// The container as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["name"] = .string(name)
        o.put("image", nonEmpty: image)
        o.put("command", nonEmpty: command.map { .string($0) })
        o.put("args", nonEmpty: args.map { .string($0) })
        o.put("workingDir", nonEmpty: workingDir)
        o.put("ports", nonEmpty: ports.map(\.encoded))
        o.put("env", nonEmpty: env.map(\.encoded))
        o["resources"] = resources.encoded
        return .object(o)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (Go's `strings.TrimSpace` for ASCII input).
    fileprivate var trimmingWhitespace: String {
        let isSpace = { (c: Character) in
            c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
        }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
