/// Picks the device indices a pod gets on its node (a reserve plugin): for each device resource (`nvidia.com/gpu`)
/// the pod requests N of, the N lowest free indices. The scheduler cache then refuses the placement if any of
/// them was taken meanwhile, so an index is never held by two pods.
public struct DeviceAllocationPlugin: ReservePlugin {
    /// The plugin's name.
    public static let pluginName = "DeviceAllocation"

    /// The resources whose units are devices.
    public let resources: [ResourceName]

    /// The plugin for the given device resources.
    public init(resources: [ResourceName] = [.nvidiaGPU]) {
        self.resources = resources
    }

    /// `DeviceAllocation`.
    public var name: String { Self.pluginName }

    /// Chooses the devices into `state.devices`; unschedulable when the node has fewer free than requested.
    public func reserve(_ pod: Pod, _ node: NodeInfo, _ state: inout CycleState) -> Status {
        var devices = DeviceAssignment()
        for resource in resources {
            guard let slot = state.table.slot(of: resource) else { continue }
            let wanted = Int(clamping: state.request[slot])
            guard wanted > 0 else { continue }
            let free = node.freeDevices(resource)
            guard free.count >= wanted else {
                return Status(.unschedulable, state.table.insufficientReasons[slot])
            }
            devices[resource] = Array(free.prefix(wanted))
        }
        state.devices = devices
        return .success
    }

    /// Forgets the chosen devices.
    public func unreserve(_ pod: Pod, _ node: NodeInfo, _ state: inout CycleState) {
        state.devices = DeviceAssignment()
    }
}
