/// One line of a node's device history: a device index handed to a pod or given back.
public struct DeviceLedgerEntry: Sendable, Hashable {
    /// Whether the device was taken or given back.
    public enum Event: String, Sendable, Hashable {
        /// The pod was bound (or found bound) holding the device.
        case allocated = "Allocated"
        /// The pod ended or was deleted and the device is free again.
        case released = "Released"
    }

    /// When it happened.
    public var time: Timestamp
    /// The node.
    public var node: String
    /// The device resource (`nvidia.com/gpu`).
    public var resource: ResourceName
    /// The device index.
    public var index: Int
    /// The pod.
    public var pod: PodKey
    /// What happened.
    public var event: Event

    /// An entry with the given fields.
    public init(time: Timestamp, node: String, resource: ResourceName, index: Int, pod: PodKey, event: Event) {
        self.time = time
        self.node = node
        self.resource = resource
        self.index = index
        self.pod = pod
        self.event = event
    }
}
