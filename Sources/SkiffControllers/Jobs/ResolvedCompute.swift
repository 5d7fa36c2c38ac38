/// Where a job's pods go: the machine's nodes, an attached Kubernetes compute, or a compute cluster.
struct ResolvedCompute: Sendable {
    enum Target: Sendable {
        /// No compute named: the machine's nodes, in the job's namespace.
        case machine
        /// An attached compute: its namespace and instance types.
        case kubernetes(KubernetesCompute)
        /// A compute cluster: pods pinned to its nodes; the VM size when the catalog knows it.
        case aml(AmlCompute, VMSize?)
    }

    var target: Target
    /// The namespace the pods are created in.
    var namespace: String
    /// Labels every pod's node must carry because of the compute (the extension's `nodeSelector.*`, or the
    /// cluster pin).
    var nodeSelector: [String: String]

    /// How the status names it: `compute "k" (namespace ml)`, `the machine's nodes`.
    var description: String {
        switch target {
        case .machine: return "the machine's nodes (namespace \(namespace))"
        case .kubernetes(let kc): return "compute \"\(kc.metadata.name)\" (namespace \(namespace))"
        case .aml(let amlc, _): return "compute cluster \"\(amlc.metadata.name)\" (\(amlc.spec.size))"
        }
    }
}
