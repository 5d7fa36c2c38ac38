extension NodeConditionType {
    /// Whether the node advertises its NVIDIA GPUs as `nvidia.com/gpu`, and if not, why not.
    public static let gpusAdvertised: NodeConditionType = "GPUsAdvertised"
    /// Whether the node can enforce pods' memory, CPU and process-count limits (cgroups), and if not, why not.
    public static let limitsEnforced: NodeConditionType = "LimitsEnforced"
}
