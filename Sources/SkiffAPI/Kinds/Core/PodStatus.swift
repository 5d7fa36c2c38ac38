/// The observed state of a pod (Kubernetes' `v1.PodStatus`), written by the scheduler and the pod lifecycle
/// controller, never by users.
public struct PodStatus: Sendable, Hashable, EmptyInitializable {
    /// Nil until the store accepts the pod (it then sets `Pending`).
    public var phase: PodPhase?
    /// Observations, one per type.
    public var conditions: [PodCondition]
    /// Human-readable detail.
    public var message: String
    /// CamelCase reason for the phase (`Evicted`, `DeadlineExceeded`).
    public var reason: String
    /// The node a preempting pod expects to land on once victims are gone.
    public var nominatedNodeName: String
    /// The address of the node the pod runs on.
    public var hostIP: String
    /// The pod's IP address.
    public var podIP: String
    /// When the node accepted the pod.
    public var startTime: Timestamp?
    /// One entry per init container.
    public var initContainerStatuses: [ContainerStatus]
    /// One entry per container.
    public var containerStatuses: [ContainerStatus]
    /// The QoS class, set when the pod is created (see `Pod.qosClass`).
    public var qosClass: PodQOSClass?

    /// Nothing observed yet.
    public init() {
        self.init(phase: nil)
    }

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        phase: PodPhase?,
        conditions: [PodCondition] = [],
        message: String = "",
        reason: String = "",
        nominatedNodeName: String = "",
        hostIP: String = "",
        podIP: String = "",
        startTime: Timestamp? = nil,
        initContainerStatuses: [ContainerStatus] = [],
        containerStatuses: [ContainerStatus] = [],
        qosClass: PodQOSClass? = nil
    ) {
        self.phase = phase
        self.conditions = conditions
        self.message = message
        self.reason = reason
        self.nominatedNodeName = nominatedNodeName
        self.hostIP = hostIP
        self.podIP = podIP
        self.startTime = startTime
        self.initContainerStatuses = initContainerStatuses
        self.containerStatuses = containerStatuses
        self.qosClass = qosClass
    }
}

extension PodStatus {
    /// Reads a status written by the API or persistence.
    static func decode(_ r: MappingReader) -> PodStatus {
        PodStatus(
            phase: r.enumValue("phase", PodPhase.self, supported: PodPhase.allCases),
            conditions: r.mappingList("conditions", PodCondition.decode) ?? [],
            message: r.string("message") ?? "",
            reason: r.string("reason") ?? "",
            nominatedNodeName: r.string("nominatedNodeName") ?? "",
            hostIP: r.string("hostIP") ?? "",
            podIP: r.string("podIP") ?? "",
            startTime: r.timestamp("startTime"),
            initContainerStatuses: r.mappingList("initContainerStatuses", ContainerStatus.decode) ?? [],
            containerStatuses: r.mappingList("containerStatuses", ContainerStatus.decode) ?? [],
            qosClass: r.enumValue("qosClass", PodQOSClass.self, supported: PodQOSClass.allCases)
        )
    }

    /// The status fields as Kubernetes prints them, in its order; empty when nothing is set.
    public var encoded: JSONObject {
        var o = JSONObject()
        o.put("phase", nonEmpty: phase?.rawValue)
        o.put("conditions", nonEmpty: conditions.map(\.encoded))
        o.put("message", nonEmpty: message)
        o.put("reason", nonEmpty: reason)
        o.put("nominatedNodeName", nonEmpty: nominatedNodeName)
        o.put("hostIP", nonEmpty: hostIP)
        o.put("podIP", nonEmpty: podIP)
        o.put("startTime", startTime.map { .string($0.rfc3339) })
        o.put("initContainerStatuses", nonEmpty: initContainerStatuses.map(\.encoded))
        o.put("containerStatuses", nonEmpty: containerStatuses.map(\.encoded))
        o.put("qosClass", nonEmpty: qosClass?.rawValue)
        return o
    }
}
