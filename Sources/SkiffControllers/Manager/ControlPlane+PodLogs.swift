import SkiffNode

/// Why a pod's log cannot be read, worded as the Kubernetes API words it.
public enum PodLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No such pod.
    case podNotFound(namespace: String, name: String)
    /// The pod has several containers and none was named.
    case containerRequired(pod: String, containers: [String])
    /// The pod has no container of that name.
    case unknownContainer(pod: String, container: String)
    /// The container has not started (the pod is not scheduled, or its node has not started it yet).
    case notStarted(pod: String, container: String)
    /// The runtime could not read the log.
    case runtime(String)

    /// Whether the answer is a 404 (else a 400).
    public var isNotFound: Bool {
        if case .podNotFound = self { return true }
        return false
    }

    /// The API's message.
    public var description: String {
        switch self {
        case .podNotFound(_, let name): "pods \"\(name)\" not found"
        case .containerRequired(let pod, let containers):
            "a container name must be specified for pod \(pod), choose one of: [\(containers.joined(separator: " "))]"
        case .unknownContainer(let pod, let container): "container \(container) is not valid for pod \(pod)"
        case .notStarted(let pod, let container):
            "container \"\(container)\" in pod \"\(pod)\" is waiting to start: ContainerCreating"
        case .runtime(let message): message
        }
    }
}

extension ControlPlane {
    /// A container's log (`kubectl logs`): the last `tailLines` lines, or all, then with `follow` what it writes
    /// until it has stopped for good. `container` may be omitted for a pod with one container.
    /// - Throws: ``PodLogError``.
    public func podLogs(
        namespace: String,
        name: String,
        container: String?,
        options: LogOptions
    ) throws -> AsyncThrowingStream<[UInt8], any Error> {
        guard let pod = store.get(Pod.self, namespace: namespace, name: name) else {
            throw PodLogError.podNotFound(namespace: namespace, name: name)
        }
        let names = pod.spec.containers.map(\.name)
        let chosen: String
        if let container, !container.isEmpty {
            guard (pod.spec.initContainers.map(\.name) + names).contains(container) else {
                throw PodLogError.unknownContainer(pod: name, container: container)
            }
            chosen = container
        } else {
            guard names.count == 1 else { throw PodLogError.containerRequired(pod: name, containers: names) }
            chosen = names[0]
        }
        let uid = pod.metadata.uid
        guard !pod.spec.nodeName.isEmpty, let runtime = runtimes.runtime(forNode: pod.spec.nodeName, uid: uid) else {
            throw PodLogError.notStarted(pod: name, container: chosen)
        }
        do {
            return try runtime.logs(podUID: uid, container: chosen, options: options)
        } catch {
            switch error {
            case .unknownPod: throw PodLogError.notStarted(pod: name, container: chosen)
            case .unknownContainer: throw PodLogError.unknownContainer(pod: name, container: chosen)
            default: throw PodLogError.runtime(error.description)
            }
        }
    }
}
