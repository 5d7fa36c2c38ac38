/// One placement to write: the pod, the node it goes to and the devices set aside for it.
public struct BindRequest: Sendable {
    public var pod: Pod
    public var node: String
    public var devices: DeviceAssignment

    public init(pod: Pod, node: String, devices: DeviceAssignment) {
        self.pod = pod
        self.node = node
        self.devices = devices
    }
}
