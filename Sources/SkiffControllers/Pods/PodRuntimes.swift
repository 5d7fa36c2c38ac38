import Logging
import SkiffNode
import Synchronization

/// The runtimes pods run in — real processes on the local node, a simulation on declared nodes — and which pod
/// (by uid) each is running, so that a runtime's change reports (by uid) reach the pod's key.
final class PodRuntimes: Sendable {
    /// The local node's name, when the daemon runs one.
    let localNodeName: String?
    /// The local node's runtime.
    let process: ProcessPodRuntime?
    /// The declared nodes' runtime.
    let simulated: SimulatedPodRuntime
    private let store: any ObjectStore
    private let state = Mutex(State())

    private struct State {
        var keys: [String: ObjectKey] = [:]
        var uids: [ObjectKey: String] = [:]
        var stopping: Set<String> = []
        var enqueue: (@Sendable (ObjectKey) -> Void)?
    }

    /// Creates the runtimes; `process` is built here so that its change reports come back through this object.
    init(
        store: any ObjectStore,
        clock: any Clock,
        localNodeName: String?,
        process: ProcessPodRuntimeConfiguration?,
        cgroups: CgroupManager?,
        simulatedStartupDelay: Duration,
        logger: Logger
    ) {
        self.store = store
        self.localNodeName = localNodeName
        let forward = Forwarder()
        self.simulated = SimulatedPodRuntime(clock: clock, startupDelay: simulatedStartupDelay) { forward.send($0) }
        if let process, localNodeName != nil {
            self.process = ProcessPodRuntime(
                configuration: process,
                cgroups: cgroups,
                clock: clock,
                logger: logger
            ) { forward.send($0) }
        } else {
            self.process = nil
        }
        forward.target.withLock { $0 = { [weak self] uid in self?.changed(uid) } }
    }

    /// Where runtime changes go: the pod lifecycle controller's queue.
    func onChange(_ enqueue: @escaping @Sendable (ObjectKey) -> Void) {
        state.withLock { $0.enqueue = enqueue }
    }

    /// Records that the pod `key` runs as `uid`.
    func track(_ uid: String, as key: ObjectKey) {
        state.withLock { state in
            state.keys[uid] = key
            state.uids[key] = uid
        }
    }

    /// Forgets `uid`.
    func untrack(_ uid: String) {
        state.withLock { state in
            if let key = state.keys.removeValue(forKey: uid), state.uids[key] == uid {
                state.uids[key] = nil
            }
            state.stopping.remove(uid)
        }
    }

    /// Records that `uid` is being stopped; true the first time (so that its `Killing` event is recorded once).
    func beginStopping(_ uid: String) -> Bool {
        state.withLock { $0.stopping.insert(uid).inserted }
    }

    /// The uid the runtimes run for `key`, if any.
    func uid(of key: ObjectKey) -> String? {
        state.withLock { $0.uids[key] }
    }

    /// The pod key the runtimes run `uid` for, if any.
    func key(of uid: String) -> ObjectKey? {
        state.withLock { $0.keys[uid] }
    }

    /// The runtime of pods bound to `node`: the process runtime for the local node, the simulation for a declared
    /// node in the store (or one the simulation already runs `uid` for); nil for an unknown node.
    func runtime(forNode node: String, uid: String) -> (any PodRuntime)? {
        if let localNodeName, node == localNodeName {
            return process
        }
        if simulated.status(podUID: uid) != nil { return simulated }
        guard let object = store.get(Node.self, name: node), NodeProvider.isDeclared(object) else { return nil }
        // A preempted compute node runs nothing any more.
        if object.metadata.annotations[ComputeNodeLabels.state] == ComputeNodeState.preempted.rawValue { return nil }
        return simulated
    }

    /// Every runtime there is.
    var all: [any PodRuntime] {
        [simulated] + (process.map { [$0] } ?? [])
    }

    private func changed(_ uid: String) {
        let (key, enqueue) = state.withLock { ($0.keys[uid], $0.enqueue) }
        if let key, let enqueue { enqueue(key) }
    }

    /// Hands change reports to the runtimes object once it exists (the runtimes are created inside its init).
    private final class Forwarder: Sendable {
        let target = Mutex<(@Sendable (String) -> Void)?>(nil)

        func send(_ uid: String) {
            target.withLock { $0 }?(uid)
        }
    }
}
