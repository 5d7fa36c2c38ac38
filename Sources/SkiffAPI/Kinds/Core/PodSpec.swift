/// What a pod runs and where it may run (Kubernetes' `v1.PodSpec`, the fields Skiff supports).
public struct PodSpec: Sendable, Hashable {
    /// The scheduler Kubernetes names when a pod names none.
    public static let defaultSchedulerName = "default-scheduler"
    /// Kubernetes' default `terminationGracePeriodSeconds`.
    public static let defaultTerminationGracePeriodSeconds: Int64 = 30

    /// Run one after another, each to completion, before `containers` start.
    public var initContainers: [Container]
    /// The containers, started together once the init containers have completed.
    public var containers: [Container]
    /// When containers are restarted after exiting; `Always` by default.
    public var restartPolicy: RestartPolicy
    /// Seconds between SIGTERM and SIGKILL when the pod is stopped.
    public var terminationGracePeriodSeconds: Int64
    /// How long the pod may be active (from its start) before it is failed with `DeadlineExceeded`.
    public var activeDeadlineSeconds: Int64?
    /// Labels a node must carry, every one exactly.
    public var nodeSelector: [String: String]
    /// The node the pod is bound to; empty until scheduled (or set by the user to bypass the scheduler).
    public var nodeName: String
    /// Node affinity.
    public var affinity: Affinity?
    /// The scheduler that places the pod; `default-scheduler` by default.
    public var schedulerName: String
    /// Taints the pod tolerates.
    public var tolerations: [Toleration]
    /// The priority class the pod's priority comes from.
    public var priorityClassName: String
    /// The pod's priority (resolved from `priorityClassName` by admission in Kubernetes); higher preempts lower.
    public var priority: Int32?

    /// A spec; omitted fields take Kubernetes' defaults (`Always`, 30 s, `default-scheduler`).
    public init(
        initContainers: [Container] = [],
        containers: [Container],
        restartPolicy: RestartPolicy = .always,
        terminationGracePeriodSeconds: Int64 = PodSpec.defaultTerminationGracePeriodSeconds,
        activeDeadlineSeconds: Int64? = nil,
        nodeSelector: [String: String] = [:],
        nodeName: String = "",
        affinity: Affinity? = nil,
        schedulerName: String = PodSpec.defaultSchedulerName,
        tolerations: [Toleration] = [],
        priorityClassName: String = "",
        priority: Int32? = nil
    ) {
        self.initContainers = initContainers
        self.containers = containers
        self.restartPolicy = restartPolicy
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.activeDeadlineSeconds = activeDeadlineSeconds
        self.nodeSelector = nodeSelector
        self.nodeName = nodeName
        self.affinity = affinity
        self.schedulerName = schedulerName
        self.tolerations = tolerations
        self.priorityClassName = priorityClassName
        self.priority = priority
    }

    /// The required node affinity, if any.
    public var requiredNodeAffinity: NodeSelector? { affinity?.nodeAffinity?.required }
}

extension PodSpec {
    /// Reads `spec`, applying Kubernetes' defaults (`restartPolicy: Always`, `schedulerName:
    /// default-scheduler`, `terminationGracePeriodSeconds: 30`; a negative grace period becomes 1, as the API
    /// server makes it) and validating as `ValidatePodSpec` does for the supported fields.
    static func decode(_ r: MappingReader) -> PodSpec {
        let context = r.context
        var spec = PodSpec(containers: [])

        spec.containers = r.mappingList("containers", Container.decode) ?? []
        if spec.containers.isEmpty && (r.node["containers"]?.items?.isEmpty ?? true) {
            context.required(r.path.child("containers"), r.mark("containers"))
        }
        spec.initContainers = r.mappingList("initContainers", Container.decode) ?? []
        checkNames(r, containers: spec.containers, initContainers: spec.initContainers)
        checkHostPorts(r, spec.containers, key: "containers")
        for (i, container) in spec.initContainers.enumerated() {
            checkHostPorts(r, [container], key: "initContainers", offset: i)
        }

        spec.restartPolicy =
            r.enumValue("restartPolicy", RestartPolicy.self, supported: RestartPolicy.allCases) ?? .always
        if let grace = r.int("terminationGracePeriodSeconds") {
            spec.terminationGracePeriodSeconds = grace < 0 ? 1 : grace
        }
        spec.activeDeadlineSeconds = r.int("activeDeadlineSeconds")
        if let deadline = spec.activeDeadlineSeconds, deadline < 1 || deadline > Int64(Int32.max) {
            context.invalid(
                r.path.child("activeDeadlineSeconds"),
                r.mark("activeDeadlineSeconds"),
                number: deadline,
                "must be between 1 and \(Int32.max), inclusive"
            )
        }
        spec.nodeSelector = r.labels("nodeSelector") ?? [:]
        spec.nodeName = r.string("nodeName") ?? ""
        if !spec.nodeName.isEmpty {
            for problem in NameValidation.isDNS1123Subdomain(spec.nodeName) {
                context.invalid(r.path.child("nodeName"), r.mark("nodeName"), value: spec.nodeName, problem)
            }
        }
        spec.affinity = r.mapping("affinity", Affinity.decode)
        let schedulerName = r.string("schedulerName") ?? ""
        spec.schedulerName = schedulerName.isEmpty ? PodSpec.defaultSchedulerName : schedulerName
        spec.tolerations = r.mappingList("tolerations", Toleration.decode) ?? []
        spec.priorityClassName = r.string("priorityClassName") ?? ""
        if !spec.priorityClassName.isEmpty {
            for problem in NameValidation.isDNS1123Subdomain(spec.priorityClassName) {
                context.invalid(
                    r.path.child("priorityClassName"),
                    r.mark("priorityClassName"),
                    value: spec.priorityClassName,
                    problem
                )
            }
        }
        spec.priority = r.int32("priority")
        return spec
    }

    /// Container names are unique among containers, and init container names among both (Kubernetes reports a
    /// clash at the later container).
    private static func checkNames(_ r: MappingReader, containers: [Container], initContainers: [Container]) {
        var names = Set<String>()
        for (key, list) in [("containers", containers), ("initContainers", initContainers)] {
            let items = r.node[key]?.items ?? []
            for (i, container) in list.enumerated() where !container.name.isEmpty {
                if !names.insert(container.name).inserted {
                    let mark = i < items.count ? (items[i]["name"]?.mark ?? items[i].mark) : r.mark(key)
                    let path = r.path.child(key).index(i).child("name")
                    r.context.duplicate(path, mark, value: container.name)
                }
            }
        }
    }

    /// Host ports may not clash (same protocol, host IP and port) across the containers given.
    private static func checkHostPorts(_ r: MappingReader, _ containers: [Container], key: String, offset: Int = 0) {
        var seen = Set<String>()
        let items = r.node[key]?.items ?? []
        for (ci, container) in containers.enumerated() {
            let index = offset + ci
            for (pi, port) in container.ports.enumerated() where port.hostPort != 0 {
                let text = "\(port.protocol.rawValue)/\(port.hostIP)/\(port.hostPort)"
                if !seen.insert(text).inserted {
                    let portNode = index < items.count ? items[index]["ports"]?.items?[pi] : nil
                    let mark = portNode?["hostPort"]?.mark ?? r.mark(key)
                    let path = r.path.child(key).index(index).child("ports").index(pi).child("hostPort")
                    r.context.duplicate(path, mark, value: text)
                }
            }
        }
    }

    /// The spec as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("initContainers", nonEmpty: initContainers.map(\.encoded))
        o["containers"] = .array(containers.map(\.encoded))
        o["restartPolicy"] = .string(restartPolicy.rawValue)
        o["terminationGracePeriodSeconds"] = .int(terminationGracePeriodSeconds)
        o.put("activeDeadlineSeconds", activeDeadlineSeconds.map { .int($0) })
        o.put("nodeSelector", nonEmpty: nodeSelector)
        o.put("nodeName", nonEmpty: nodeName)
        o.put("affinity", affinity?.encoded)
        o["schedulerName"] = .string(schedulerName)
        o.put("tolerations", nonEmpty: tolerations.map(\.encoded))
        o.put("priorityClassName", nonEmpty: priorityClassName)
        o.put("priority", priority.map { .int(Int64($0)) })
        return .object(o)
    }
}
