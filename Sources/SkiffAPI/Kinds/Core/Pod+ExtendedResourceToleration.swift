extension Pod {
    /// Kubernetes' `ExtendedResourceToleration` admission plugin: a pod that requests an extended resource
    /// (`nvidia.com/gpu`) tolerates the `NoSchedule` taints keyed by that resource, so that GPU nodes can be tainted
    /// `nvidia.com/gpu=present:NoSchedule` to keep every other pod off them. Applied when a pod is created.
    /// - Returns: whether a toleration was added.
    @discardableResult
    public mutating func addExtendedResourceTolerations() -> Bool {
        var resources = Set<ResourceName>()
        for container in spec.initContainers + spec.containers {
            for entry in container.resources.requests where entry.name.isExtendedResource {
                resources.insert(entry.name)
            }
            for entry in container.resources.limits where entry.name.isExtendedResource {
                resources.insert(entry.name)
            }
        }
        var added = false
        for resource in resources.sorted() {
            let toleration = Toleration(key: resource.rawValue, operator: .exists, effect: .noSchedule)
            if !spec.tolerations.contains(toleration) {
                spec.tolerations.append(toleration)
                added = true
            }
        }
        return added
    }
}
