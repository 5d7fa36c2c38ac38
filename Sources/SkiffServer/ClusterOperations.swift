/// What the API server asks of the running control plane beyond the object store: pod logs, node usage, why a pod
/// or job is not running, and cancelling a job. skiffd implements it over its `ControlPlane` and passes it to
/// ``APIHandler/init(store:registry:manifestFiles:isReady:isHealthy:watches:operations:)``; without one, these
/// routes answer `501 NotImplemented`.
///
/// Errors: throw an ``APIStatus`` (``APIStatus/notFound(_:)``, ``APIStatus/badRequest(_:)``,
/// ``APIStatus/conflict(_:)``) to choose the Kubernetes Status the client sees; a `StoreError` keeps its own code
/// and reason; any other error becomes `500 InternalError` with the error's description as the message.
public protocol ClusterOperations: Sendable {
    /// The log of one container of a pod, as chunks of bytes.
    ///
    /// The handler has already checked, as the Kubernetes API server does, that the pod exists and that `container`
    /// names one of its containers (it resolves a missing name when the pod has exactly one), so `container` is
    /// never nil when called by ``APIHandler``. Throw ``APIStatus/badRequest(_:)`` for a container that has not
    /// started (kubelet: `container "main" in pod "p" is waiting to start: ContainerCreating`).
    /// - Parameters:
    ///   - follow: keep the stream open and yield new output as it is written, until the container ends (or the
    ///     client goes away: the stream's termination handler must stop the tailing).
    ///   - tailLines: only the last N lines of what is written so far; nil for everything.
    func podLogs(
        namespace: String,
        name: String,
        container: String?,
        follow: Bool,
        tailLines: Int?
    ) throws -> AsyncThrowingStream<[UInt8], any Error>

    /// The `NodeUsageList` document of `GET /skiff/v1/top/nodes` (shape in CONTRACTS.md).
    func nodeUsage() -> JSONValue

    /// The `Explanation` document of `GET /skiff/v1/explain/{pods|jobs}/{namespace}/{name}`.
    /// - Parameter resource: `pods` or `jobs` (the handler refuses anything else with 404).
    func explain(resource: String, namespace: String, name: String) throws -> JSONValue

    /// Requests cancellation of a job (sets `status.cancelRequested`) and returns the job as stored. Throw
    /// ``APIStatus/notFound(_:)`` for an unknown job and ``APIStatus/conflict(_:)`` for one already finished.
    func cancelJob(namespace: String, name: String) throws -> JSONValue

    /// Preempts a low-priority compute cluster node (its pods fail with reason `Preempted`) and returns the node as
    /// stored. Throw ``APIStatus/notFound(_:)`` for an unknown node and ``APIStatus/conflict(_:)`` for a node that
    /// cannot be preempted (not a compute node, or dedicated).
    func preemptNode(name: String) throws -> JSONValue
}

extension ClusterOperations {
    /// Control planes without compute clusters preempt nothing.
    public func preemptNode(name: String) throws -> JSONValue {
        throw APIStatus(code: 501, reason: "NotImplemented", message: "node preemption: not available")
    }
}
