/// The pod annotations that steer a simulated run on a virtual node.
public enum SimulationAnnotations {
    /// How long the pod runs before it completes, in Go duration syntax (`90s`, `5m`, `1h30m`); without it the
    /// pod runs until it is deleted.
    public static let duration = "skiff.dev/simulate-duration"
    /// The exit code the containers complete with (0 by default): non-zero makes the pod fail, for trying out
    /// what happens to a job whose pods fail.
    public static let exitCode = "skiff.dev/simulate-exit-code"
}
