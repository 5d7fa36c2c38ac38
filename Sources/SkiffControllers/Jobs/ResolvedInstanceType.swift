/// The instance type a job's pods get: its name, node selector and resources.
struct ResolvedInstanceType: Sendable, Equatable {
    var name: String
    var spec: InstanceType.Spec
    /// Where it came from, for the status (`declared`, `compute`, `built-in`).
    var origin: String
}
