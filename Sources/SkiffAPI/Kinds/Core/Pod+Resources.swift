extension PodSpec {
    /// What the scheduler reserves for a pod with this spec, as kube-scheduler computes a pod's request
    /// (`resourcehelper.PodRequests`): the sum of the containers' requests, raised per resource to the largest
    /// init container's request, since init containers run one at a time before the others start.
    public var effectiveRequests: ResourceList {
        var sum = ResourceList()
        for container in containers where !container.resources.requests.isEmpty {
            sum += container.resources.requests
        }
        for container in initContainers where !container.resources.requests.isEmpty {
            sum = .maximum(sum, container.resources.requests)
        }
        return sum
    }

    /// The QoS class of a pod with this spec (Kubernetes' `ComputePodQOS`): `BestEffort` without any positive cpu
    /// or memory request or limit; `Guaranteed` when every container (init containers included) has positive cpu
    /// and memory limits and the summed requests equal the summed limits for both; `Burstable` otherwise.
    public var qosClass: PodQOSClass {
        var requests = ResourceList()
        var limits = ResourceList()
        var isGuaranteed = true
        for containers in [containers, initContainers] {
            for container in containers {
                for entry in container.resources.requests
                where Self.isQoSResource(entry.name) && entry.quantity.sign > 0 {
                    requests[entry.name] = requests.quantity(for: entry.name) + entry.quantity
                }
                var cpuLimit = false
                var memoryLimit = false
                for entry in container.resources.limits where Self.isQoSResource(entry.name) && entry.quantity.sign > 0
                {
                    limits[entry.name] = limits.quantity(for: entry.name) + entry.quantity
                    if entry.name == .cpu { cpuLimit = true } else { memoryLimit = true }
                }
                if !(cpuLimit && memoryLimit) { isGuaranteed = false }
            }
        }
        if requests.isEmpty && limits.isEmpty { return .bestEffort }
        if isGuaranteed {
            for entry in requests where limits[entry.name] != entry.quantity {
                isGuaranteed = false
                break
            }
        }
        return isGuaranteed && requests.count == limits.count ? .guaranteed : .burstable
    }

    private static func isQoSResource(_ name: ResourceName) -> Bool {
        name == .cpu || name == .memory
    }
}

extension Pod {
    /// What the scheduler reserves for this pod on its node (see ``PodSpec/effectiveRequests``).
    public var effectiveRequests: ResourceList { spec.effectiveRequests }

    /// The pod's QoS class, which the store records in `status.qosClass` when the pod is created (see
    /// ``PodSpec/qosClass``).
    public var qosClass: PodQOSClass { spec.qosClass }
}
