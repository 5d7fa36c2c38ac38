/// Binds through the object store: one `update` sets `spec.nodeName` and the ``SchedulingAnnotations/devices``
/// annotation (optimistically, against the pod's current resourceVersion, retried on conflict), then a status
/// write sets `PodScheduled=True` and clears `nominatedNodeName`, as the API server's binding does. ``bindAll(_:)``
/// makes the writes of many bindings in one store batch.
public struct StoreBinder: Binder {
    /// Why a binding was refused.
    public enum BindingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The pod no longer exists.
        case podNotFound(PodKey)
        /// A different pod of that name exists now.
        case podRecreated(PodKey)
        /// The pod is bound already.
        case alreadyBound(PodKey, node: String)
        /// The pod is being deleted.
        case podTerminating(PodKey)
        /// The pod kept changing under the write.
        case conflict(PodKey)

        /// What went wrong.
        public var description: String {
            switch self {
            case .podNotFound(let pod): "pod \(pod) not found"
            case .podRecreated(let pod): "pod \(pod) was re-created"
            case .alreadyBound(let pod, let node): "pod \(pod) is already assigned to node \"\(node)\""
            case .podTerminating(let pod): "pod \(pod) is being deleted"
            case .conflict(let pod): "pod \(pod) kept changing while it was being bound"
            }
        }
    }

    private let store: any ObjectStore
    private let clock: any SchedulerClock
    private let attempts = 5

    /// A binder writing to `store`, stamping conditions with `clock`'s time.
    public init(store: any ObjectStore, clock: any SchedulerClock = SystemSchedulerClock()) {
        self.store = store
        self.clock = clock
    }

    /// Sets `spec.nodeName` and the devices annotation, then `PodScheduled=True`.
    public func bind(_ pod: Pod, to node: String, devices: DeviceAssignment) throws {
        try bind(pod, to: node, devices: devices, writer: store)
    }

    /// Binds every request in one store batch: for a durable store, one transaction (one fsync) for the whole
    /// burst. Each pod gets the same checks and writes as ``bind(_:to:devices:)``; inside the batch no other writer
    /// runs, so none loses a race. When the batch cannot be made durable every request fails with the store's
    /// error (none was bound).
    public func bindAll(_ requests: [BindRequest]) -> [(any Error)?] {
        guard !requests.isEmpty else { return [] }
        var results = [(any Error)?](repeating: nil, count: requests.count)
        do {
            try store.batch { writer in
                for (position, request) in requests.enumerated() {
                    do {
                        try bind(request.pod, to: request.node, devices: request.devices, writer: writer)
                    } catch {
                        results[position] = error
                    }
                }
            }
        } catch {
            return requests.map { _ -> (any Error)? in error }
        }
        return results
    }

    /// The binding through `writer` (the store, or a batch of it).
    private func bind(_ pod: Pod, to node: String, devices: DeviceAssignment, writer: any StoreWriter) throws {
        let key = PodKey(pod)
        for _ in 0..<attempts {
            guard var current = writer.get(Pod.self, namespace: key.namespace, name: key.name) else {
                throw BindingError.podNotFound(key)
            }
            guard current.metadata.uid == pod.metadata.uid || pod.metadata.uid.isEmpty else {
                throw BindingError.podRecreated(key)
            }
            guard current.spec.nodeName.isEmpty else {
                throw BindingError.alreadyBound(key, node: current.spec.nodeName)
            }
            guard current.metadata.deletionTimestamp == nil else { throw BindingError.podTerminating(key) }
            current.spec.nodeName = node
            current.metadata.annotations[SchedulingAnnotations.devices] =
                devices.isEmpty ? nil : devices.annotationValue
            if let bound = try updateUnlessConflict(current, writer: writer) {
                markScheduled(bound, writer: writer)
                return
            }
        }
        throw BindingError.conflict(key)
    }

    /// The stored pod, or nil when the write lost a race (a conflict); other store errors are thrown.
    private func updateUnlessConflict(_ pod: Pod, writer: any StoreWriter) throws(StoreError) -> Pod? {
        do {
            return try writer.update(pod)
        } catch {
            if error.reason == .conflict { return nil }
            throw error
        }
    }

    /// Writes the devices annotation on a bound pod.
    public func recordDevices(_ devices: DeviceAssignment, on pod: PodKey, uid: String) throws {
        for _ in 0..<attempts {
            guard var current = store.get(Pod.self, namespace: pod.namespace, name: pod.name) else {
                throw BindingError.podNotFound(pod)
            }
            guard current.metadata.uid == uid else { throw BindingError.podRecreated(pod) }
            current.metadata.annotations[SchedulingAnnotations.devices] =
                devices.isEmpty ? nil : devices.annotationValue
            if try updateUnlessConflict(current, writer: store) != nil { return }
        }
        throw BindingError.conflict(pod)
    }

    /// `PodScheduled=True`, best effort: the binding stands even if this write loses a race.
    private func markScheduled(_ bound: Pod, writer: any StoreWriter) {
        var pod = bound
        for _ in 0..<attempts {
            let changed = pod.status.conditions.set(
                PodCondition(type: .podScheduled, status: .true),
                now: clock.wallNow
            )
            let hadNomination = !pod.status.nominatedNodeName.isEmpty
            pod.status.nominatedNodeName = ""
            guard changed || hadNomination else { return }
            do {
                _ = try writer.updateStatus(pod)
                return
            } catch {
                guard error.reason == .conflict,
                    let latest = writer.get(Pod.self, namespace: pod.metadata.namespace, name: pod.metadata.name),
                    latest.metadata.uid == bound.metadata.uid
                else { return }
                pod = latest
            }
        }
    }
}
