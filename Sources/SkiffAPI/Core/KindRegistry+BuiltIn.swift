extension KindRegistry {
    /// Every kind Skiff serves: Kubernetes' core kinds it needs, Azure ML's InstanceType, and Skiff's own.
    public static let builtIn = KindRegistry([
        Namespace.self, Node.self, Pod.self, Event.self,
        InstanceType.self,
        Extension.self, KubernetesCompute.self, AmlCompute.self, Job.self,
    ])
}
