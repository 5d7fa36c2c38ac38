import SkiffNode

/// The node a compute cluster adds: named `<cluster>-<suffix>`, labelled with its VM size, cluster, tier and GPU
/// model, with the VM size's capacity. The same object (without the not-ready taint) is the autoscaler's template
/// for deciding whether a new node would let a pending pod fit.
enum ComputeNodeTemplate {
    /// The kubelet's default pod capacity.
    static let pods = Quantity(110)

    /// The labels of every node of `compute`.
    static func labels(of compute: AmlCompute, size: VMSize, name: String) -> [String: String] {
        var labels = [
            NodeLabels.hostname: name,
            NodeLabels.os: compute.spec.osType == .windows ? "windows" : "linux",
            NodeLabels.arch: "amd64",
            ComputeNodeLabels.instanceType: size.name,
            ComputeNodeLabels.compute: compute.metadata.name,
            ComputeNodeLabels.tier: compute.spec.tier.rawValue,
            NodeProvider.label: ComputeNodeLabels.provider,
        ]
        if size.gpus > 0 {
            labels[NodeLabels.gpuCount] = String(size.gpus)
            if let model = size.gpuModel { labels[NodeLabels.gpuProduct] = model }
        }
        return labels
    }

    /// What a node of `size` offers pods.
    static func capacity(of size: VMSize) -> ResourceList {
        var capacity = size.capacity
        capacity[.pods] = pods
        return capacity
    }

    /// A node of `compute` named `name`: ready at `readyAt` (nil: when its provider says so), tainted not-ready
    /// until then.
    static func node(of compute: AmlCompute, size: VMSize, name: String, readyAt: Timestamp?) -> Node {
        var annotations: [String: String] = [:]
        if let readyAt { annotations[ComputeNodeLabels.readyAt] = readyAt.rfc3339 }
        let capacity = capacity(of: size)
        return Node(
            metadata: ObjectMeta(
                name: name,
                labels: labels(of: compute, size: size, name: name),
                annotations: annotations
            ),
            spec: NodeSpec(
                providerID: "skiff://amlcompute/\(compute.metadata.name)/\(name)",
                taints: [ComputeNodeLabels.notReadyTaint],
                declaredCapacity: capacity
            ),
            status: NodeStatus(capacity: capacity, allocatable: capacity)
        )
    }

    /// The template the autoscaler simulates with: a ready node of the cluster's size.
    static func template(of compute: AmlCompute, size: VMSize) -> Node {
        var node = node(of: compute, size: size, name: "template-\(compute.metadata.name)", readyAt: nil)
        node.spec.taints = []
        return node
    }

    /// A name for a new node of `cluster`: `<cluster>-<5 characters>` as Kubernetes' `generateName` makes them,
    /// derived from `seed` so that a run under the manual clock (tests, `skiffctl plan`) names nodes the same way
    /// each time.
    static func name(cluster: String, seed: String) -> String {
        // FNV-1a, then kube's alphabet (no vowels, no confusable digits).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var suffix = ""
        for _ in 0..<5 {
            suffix.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash /= UInt64(alphabet.count)
        }
        return "\(cluster)-\(suffix)"
    }
}
