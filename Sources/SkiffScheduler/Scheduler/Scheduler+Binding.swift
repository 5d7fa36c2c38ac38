import Dispatch

extension Scheduler {
    /// Hands an assumed placement to the binding cycle, which runs apart from the scheduling cycles as
    /// kube-scheduler's does: the pod is already accounted on its node, so the next cycle sees the room it takes.
    func bindInBackground(_ item: BindingQueue.Item) {
        if bindings.append(item) {
            DispatchQueue.global().async { [self] in drainBindings() }
        }
    }

    /// Binds what gathered, a burst at a time (one store batch each), until nothing waits.
    private func drainBindings() {
        while let items = bindings.take() {
            let outcomes = binder.bindAll(
                items.map { BindRequest(pod: $0.queued.pod, node: $0.node, devices: $0.devices) }
            )
            for (item, error) in zip(items, outcomes) {
                _ = finishBinding(item.queued, node: item.node, devices: item.devices, error: error)
            }
            bindings.finished(items.count)
        }
    }

    /// What follows a binding: the `Scheduled` event, or on a refusal the placement forgotten and the pod back in
    /// the queue with `SchedulerError`.
    func finishBinding(
        _ queued: QueuedPod,
        node: String,
        devices: DeviceAssignment,
        error: (any Error)?
    ) -> SchedulingResult {
        if let error {
            cache.forget(queued.key)
            return failWithError(queued, message: "binding rejected: \(error)")
        }
        queue.done(queued.key)
        emit("Normal", "Scheduled", "Successfully assigned \(queued.key) to \(node)", pod: queued.pod)
        return SchedulingResult(placements: [.init(pod: queued.key, node: node, devices: devices)])
    }

    /// Blocks until every placement handed to the background binding cycle so far is bound or refused (at once
    /// when binding inline).
    public func waitForBindings() {
        bindings.waitUntilEmpty()
    }
}
