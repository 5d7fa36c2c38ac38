/// Writes a placement decision (kube-scheduler's `BindPlugin`): sets the pod's `spec.nodeName` and records its
/// devices. ``StoreBinder`` does it through the object store.
public protocol Binder: Sendable {
    /// Binds `pod` to `node` holding `devices`.
    /// - Throws: when the pod is gone, was re-created, is already bound, or the write fails.
    func bind(_ pod: Pod, to node: String, devices: DeviceAssignment) throws

    /// Records on an already bound pod (identified by key and uid) the devices the scheduler set aside for it.
    func recordDevices(_ devices: DeviceAssignment, on pod: PodKey, uid: String) throws

    /// Binds several pods at once (the scheduler hands over the placements of a burst together, so that a durable
    /// binder commits them in one transaction). Returns, per request and in order, nil when it was bound or the
    /// error that refused it.
    func bindAll(_ requests: [BindRequest]) -> [(any Error)?]
}

extension Binder {
    /// Binds one request after another.
    public func bindAll(_ requests: [BindRequest]) -> [(any Error)?] {
        requests.map { request in
            do {
                try bind(request.pod, to: request.node, devices: request.devices)
                return nil
            } catch {
                return error
            }
        }
    }
}
