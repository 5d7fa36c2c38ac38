extension Scheduler {
    /// Keeps the cache current with nodes and moves pods waiting for what changed.
    func handleNodeEvent(_ event: WatchEvent) {
        switch event {
        case .added(let object), .modified(let object, _):
            guard let node = object as? Node else { return }
            queue.moveAll(on: cache.addOrUpdateNode(node))
        case .deleted(let object):
            guard let node = object as? Node else { return }
            cache.removeNode(node.metadata.name)
        case .bookmark:
            break
        }
    }

    /// Bound pods go to the cache (and leave it when they finish or are deleted, waking pods waiting for room);
    /// pending pods of this scheduler go to the queue.
    func handlePodEvent(_ event: WatchEvent) {
        switch event {
        case .added(let object), .modified(let object, _):
            guard let pod = object as? Pod else { return }
            handlePod(pod, deleted: false)
        case .deleted(let object):
            guard let pod = object as? Pod else { return }
            handlePod(pod, deleted: true)
        case .bookmark:
            break
        }
    }

    private func handlePod(_ pod: Pod, deleted: Bool) {
        let key = PodKey(pod)
        let finished = pod.status.phase?.isTerminal ?? false
        if !pod.spec.nodeName.isEmpty {
            queue.delete(key)
            if deleted || finished {
                if cache.removePod(key, uid: pod.metadata.uid) {
                    queue.moveAll(on: .assignedPodDeleted)
                }
            } else {
                cache.addOrUpdatePod(pod)
            }
            return
        }
        if deleted || finished || pod.metadata.deletionTimestamp != nil
            || pod.spec.schedulerName != configuration.schedulerName
        {
            queue.delete(key)
            return
        }
        queue.add(pod)
    }
}
