/// Everything a job's pods are built from, resolved from the job and its surroundings.
struct JobPlan: Sendable {
    var compute: ResolvedCompute
    var instanceType: ResolvedInstanceType
    /// The instance type's selector merged with the compute's (the extension's `nodeSelector.*`, or the cluster
    /// pin).
    var nodeSelector: [String: String]
    /// The command with `${{inputs.x}}`/`${{outputs.x}}` substituted.
    var command: String
    /// The absolute code folder, or empty for the runtime's default.
    var workingDir: String
    /// The job's folder under the state dir (hostfile, outputs).
    var jobDirectory: String
    /// Output name → local folder.
    var outputs: [String: String]
    /// The MPI hostfile's path, for MPI jobs.
    var hostfile: String?
    /// The rendezvous port (PyTorch `MASTER_PORT`, TensorFlow's first task port).
    var port: Int

    /// One line for the `Resolved` condition.
    var summary: String {
        "\(compute.description), instance type \"\(instanceType.name)\" (\(instanceType.origin))"
    }
}
