/// The annotations and labels through which the scheduler and the rest of Skiff talk about placements.
public enum SchedulingAnnotations {
    /// The devices a bound pod holds, written by the scheduler when it binds (see ``DeviceAssignment``):
    /// `nvidia.com/gpu=0,1`.
    public static let devices = "skiff.dev/devices"
    /// The pod group (gang) a pod belongs to, as a label or an annotation; its members are placed together or not
    /// at all.
    public static let podGroup = "skiff.dev/pod-group"
    /// How many pods the group has (a positive integer, label or annotation); placement waits until that many
    /// members exist.
    public static let podGroupSize = "skiff.dev/pod-group-size"
}
