import SkiffControllers
import SkiffNode
import SkiffServer

/// The API server's view of the running control plane: pod logs from the node runtimes, node usage and
/// explanations from the scheduler, job cancellation through the Job controller. Only maps errors to the
/// Kubernetes Status the client sees.
struct DaemonOperations: ClusterOperations {
    let plane: ControlPlane

    func podLogs(
        namespace: String,
        name: String,
        container: String?,
        follow: Bool,
        tailLines: Int?
    ) throws -> AsyncThrowingStream<[UInt8], any Error> {
        do {
            return try plane.podLogs(
                namespace: namespace,
                name: name,
                container: container,
                options: LogOptions(tailLines: tailLines, follow: follow)
            )
        } catch let error as PodLogError {
            throw error.isNotFound ? APIStatus.notFound(error.description) : APIStatus.badRequest(error.description)
        }
    }

    func nodeUsage() -> JSONValue {
        plane.nodeUsageDocument()
    }

    func preemptNode(name: String) throws -> JSONValue {
        do {
            // The node as marked: the AmlCompute controller may already have removed it.
            return try plane.preemptNode(name).node.encoded()
        } catch let error as ControlPlane.PreemptionError {
            throw APIStatus.conflict(error.description)
        }
    }

    func explain(resource: String, namespace: String, name: String) throws -> JSONValue {
        do {
            return try plane.explain(resource: resource, namespace: namespace, name: name)
        } catch {
            throw Self.status(error)
        }
    }

    func cancelJob(namespace: String, name: String) throws -> JSONValue {
        do {
            return try plane.cancelJob(namespace: namespace, name: name).encoded()
        } catch {
            throw Self.status(error)
        }
    }

    private static func status(_ error: ControlPlaneRequestError) -> APIStatus {
        switch error {
        case .notFound: .notFound(error.description)
        case .conflict: .conflict(error.description)
        case .busy: APIStatus(code: 500, reason: "InternalError", message: error.description)
        case .unavailable: APIStatus(code: 503, reason: "ServiceUnavailable", message: error.description)
        }
    }
}
