/// The labels and annotations the Job controller puts on a job's pods (CONTRACTS.md), and the store index that
/// finds a job's pods without scanning.
public enum JobLabels {
    /// The job's name.
    public static let jobName = "skiff.dev/job-name"
    /// The job's namespace (the pods live in the compute's namespace, which may differ).
    public static let jobNamespace = "skiff.dev/job-namespace"
    /// The pod's instance index, `0`..`instance_count - 1`.
    public static let instance = "skiff.dev/job-instance"
    /// The attempt the pod belongs to, from 1.
    public static let attempt = "skiff.dev/job-attempt"
    /// Annotation: the uid of the job that created the pod, so that pods of an older job of the same name are
    /// told apart (also where no owner reference can be written, across namespaces).
    public static let jobUID = "skiff.dev/job-uid"
    /// Annotation: the Azure ML environment the job names (`azureml:name@latest`), kept for reference.
    public static let environment = "skiff.dev/environment"
    /// Node label pinning an AmlCompute job's pods to that cluster's nodes.
    public static let compute = "skiff.dev/compute"

    /// The store index of pods by owning job, `namespace/name`.
    public static let podsByJob = "pods-by-job"

    /// The index value of a pod: its job's `namespace/name`, or nothing for pods no job created.
    @Sendable public static func jobIndexValues(_ object: any APIObject) -> [String] {
        guard let name = object.metadata.labels[jobName] else { return [] }
        let namespace = object.metadata.labels[jobNamespace] ?? object.metadata.namespace
        return ["\(namespace)/\(name)"]
    }

    /// The key of the job that created a pod, or nothing (the Job controller's pod trigger).
    @Sendable public static func owningJob(_ object: any APIObject) -> [ObjectKey] {
        guard object is Pod, let name = object.metadata.labels[jobName] else { return [] }
        let namespace = object.metadata.labels[jobNamespace] ?? object.metadata.namespace
        return [ObjectKey(Job.resource.groupKind, namespace: namespace, name: name)]
    }
}
