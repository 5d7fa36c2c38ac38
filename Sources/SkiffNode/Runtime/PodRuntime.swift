/// Runs the pods bound to one node: the contract between the pod lifecycle controller and a node's runtime
/// (processes on the local node, a simulation on virtual nodes).
///
/// Every call returns at once; what happens afterwards (containers starting, exiting, restarting) is reported
/// through the change handler each runtime takes at creation, with the pod's uid, after which ``status(podUID:)``
/// has the new state. Calls are idempotent, so a level-based reconciler may repeat them.
public protocol PodRuntime: Sendable {
    /// Starts the pod's containers (init containers first, one at a time), or does nothing if the pod is already
    /// known. A runtime that keeps state across daemon restarts finds the pod's processes again instead of starting
    /// new ones.
    /// - Throws: ``PodRuntimeError`` when the pod cannot be run at all (no uid, no containers).
    func start(_ request: PodStartRequest) throws(PodRuntimeError)

    /// Begins stopping the pod: SIGTERM (or its simulation) now, SIGKILL once `gracePeriod` has passed for
    /// whatever still runs. No container is restarted afterwards. Unknown pods are ignored.
    func stop(podUID: String, gracePeriod: Duration)

    /// Returns once every container of the pod has stopped (at once for an unknown pod).
    func waitUntilStopped(podUID: String) async

    /// The pod's state as the runtime sees it; nil for an unknown pod.
    func status(podUID: String) -> PodRuntimeStatus?

    /// A container's output: the last `tailLines` lines (all when nil), then, with `follow`, what it writes next
    /// until it has stopped for good.
    func logs(
        podUID: String,
        container: String,
        options: LogOptions
    ) throws(PodRuntimeError)
        -> AsyncThrowingStream<[UInt8], any Error>

    /// Forgets the pod and frees what it held (files, cgroup), killing whatever still runs.
    func remove(podUID: String)

    /// The uids of every pod the runtime knows.
    var podUIDs: [String] { get }
}
