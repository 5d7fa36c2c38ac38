/// The observed state of one container of a pod (Kubernetes' `v1.ContainerStatus`).
public struct ContainerStatus: Sendable, Hashable {
    /// The container's name in the pod spec.
    public var name: String
    /// What the container is doing now.
    public var state: ContainerState
    /// The state of the previous run, kept across restarts.
    public var lastState: ContainerState
    /// Whether the container passes its readiness checks.
    public var ready: Bool
    /// How many times the container has been restarted.
    public var restartCount: Int32
    /// The image (or, for local pods without one, empty).
    public var image: String
    /// The image's resolved id (digest).
    public var imageID: String
    /// The runtime's id of the container (`skiff://…`).
    public var containerID: String
    /// Whether the container has passed its startup probe; nil when not reported.
    public var started: Bool?

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        name: String,
        state: ContainerState = ContainerState(),
        lastState: ContainerState = ContainerState(),
        ready: Bool = false,
        restartCount: Int32 = 0,
        image: String = "",
        imageID: String = "",
        containerID: String = "",
        started: Bool? = nil
    ) {
        self.name = name
        self.state = state
        self.lastState = lastState
        self.ready = ready
        self.restartCount = restartCount
        self.image = image
        self.imageID = imageID
        self.containerID = containerID
        self.started = started
    }
}

extension ContainerStatus {
    static func decode(_ r: MappingReader) -> ContainerStatus? {
        guard let name = r.string("name", required: true) else { return nil }
        return ContainerStatus(
            name: name,
            state: r.mapping("state", ContainerState.decode) ?? ContainerState(),
            lastState: r.mapping("lastState", ContainerState.decode) ?? ContainerState(),
            ready: r.bool("ready") ?? false,
            restartCount: r.int32("restartCount") ?? 0,
            image: r.string("image") ?? "",
            imageID: r.string("imageID") ?? "",
            containerID: r.string("containerID") ?? "",
            started: r.bool("started")
        )
    }

    /// The status as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["name"] = .string(name)
        o["state"] = state.encoded
        o["lastState"] = lastState.encoded
        o["ready"] = .bool(ready)
        o["restartCount"] = .int(Int64(restartCount))
        o["image"] = .string(image)
        o["imageID"] = .string(imageID)
        o.put("containerID", nonEmpty: containerID)
        o.put("started", started.map { .bool($0) })
        return .object(o)
    }
}
