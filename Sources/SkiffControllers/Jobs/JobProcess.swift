/// One process of a job's pod: a container with its name and the framework's environment.
struct JobProcess: Sendable, Hashable {
    /// The container's name (`proc-0`, or `worker-0`/`ps-0` for TensorFlow).
    var name: String
    /// The distribution's variables for this process.
    var environment: [EnvVar]
}
