/// A pod to start, with what the node adds to it.
public struct PodStartRequest: Sendable {
    /// The pod, bound to this node; `metadata.uid` names its state.
    public var pod: Pod
    /// The GPU device indices allocated to the pod (`["0", "1"]`); containers that request `nvidia.com/gpu`
    /// take them in order, as many as each requests. Every other container sees none.
    public var gpuDevices: [String]
    /// Variables the caller adds to every container (distribution, identity); they override the container's `env`
    /// of the same name. The GPU variables are set after them.
    public var environment: [EnvVar]

    /// A request with the given parts.
    public init(pod: Pod, gpuDevices: [String] = [], environment: [EnvVar] = []) {
        self.pod = pod
        self.gpuDevices = gpuDevices
        self.environment = environment
    }
}
