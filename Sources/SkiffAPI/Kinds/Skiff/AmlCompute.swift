/// An Azure ML compute cluster (`type: amlcompute`): nodes of one VM size, scaled between `minInstances` and
/// `maxInstances`, each removed after `idleTimeBeforeScaleDown` seconds without work. Cluster-scoped. Status mirrors
/// Azure ML's REST `AmlComputeProperties` (allocation state, node counts).
public struct AmlCompute: APIObject {
    /// Dedicated or low-priority (preemptible) nodes; values as Azure ML's CLI v2 writes them.
    public enum Tier: String, Sendable, Hashable, CaseIterable {
        case dedicated
        case lowPriority = "low_priority"
    }

    /// The nodes' operating system (REST `osType`).
    public enum OSType: String, Sendable, Hashable, CaseIterable {
        case linux = "Linux"
        case windows = "Windows"
    }

    /// The administrator account on every node: a password, an SSH public key, or both.
    public struct SSHSettings: Sendable, Hashable {
        public var adminUsername: String
        public var adminPassword: String?
        public var sshKeyValue: String?

        public init(adminUsername: String, adminPassword: String? = nil, sshKeyValue: String? = nil) {
            self.adminUsername = adminUsername
            self.adminPassword = adminPassword
            self.sshKeyValue = sshKeyValue
        }
    }

    /// The virtual network the nodes join.
    public struct NetworkSettings: Sendable, Hashable {
        /// Absent when `subnet` is a full ARM id.
        public var vnetName: String?
        /// A subnet name, or a subnet's full ARM id.
        public var subnet: String
        /// The virtual network's resource group (SDK v1's `vnet_resourcegroup_name`).
        public var resourceGroup: String?

        public init(vnetName: String? = nil, subnet: String, resourceGroup: String? = nil) {
            self.vnetName = vnetName
            self.subnet = subnet
            self.resourceGroup = resourceGroup
        }
    }

    public struct Spec: Sendable, Equatable {
        /// The canonical VM size name from the catalog (`Standard_DS3_v2`).
        public var size: String
        public var tier: Tier
        public var minInstances: Int
        public var maxInstances: Int
        /// Seconds a node may sit idle before it is removed.
        public var idleTimeBeforeScaleDown: Int64
        public var location: String?
        public var description: String?
        public var identity: ManagedIdentity?
        public var sshSettings: SSHSettings?
        /// Whether the SSH port is open to the internet; nil for Azure's `NotSpecified`.
        public var sshPublicAccessEnabled: Bool?
        public var networkSettings: NetworkSettings?
        public var enableNodePublicIp: Bool
        public var osType: OSType
        public var tags: [String: String]

        /// A spec with Azure ML CLI v2's documented defaults (reference §3.1, the YAML reference's column):
        /// `Standard_DS3_v2`, dedicated, 0 to 1 instances, 120 seconds idle.
        public init(
            size: String = AmlCompute.defaultSize,
            tier: Tier = .dedicated,
            minInstances: Int = 0,
            maxInstances: Int = 1,
            idleTimeBeforeScaleDown: Int64 = 120
        ) {
            self.size = size
            self.tier = tier
            self.minInstances = minInstances
            self.maxInstances = maxInstances
            self.idleTimeBeforeScaleDown = idleTimeBeforeScaleDown
            self.location = nil
            self.description = nil
            self.identity = nil
            self.sshSettings = nil
            self.sshPublicAccessEnabled = nil
            self.networkSettings = nil
            self.enableNodePublicIp = true
            self.osType = .linux
            self.tags = [:]
        }
    }

    /// Azure's `allocationState`: whether the cluster is resizing.
    public enum AllocationState: String, Sendable, Hashable, CaseIterable {
        case steady = "Steady"
        case resizing = "Resizing"
    }

    /// How many nodes are in each state (REST `nodeStateCounts`).
    public struct NodeStateCounts: Sendable, Hashable {
        public var idleNodeCount: Int
        public var runningNodeCount: Int
        public var preparingNodeCount: Int
        public var unusableNodeCount: Int
        public var leavingNodeCount: Int
        public var preemptedNodeCount: Int

        public init(
            idle: Int = 0,
            running: Int = 0,
            preparing: Int = 0,
            unusable: Int = 0,
            leaving: Int = 0,
            preempted: Int = 0
        ) {
            idleNodeCount = idle
            runningNodeCount = running
            preparingNodeCount = preparing
            unusableNodeCount = unusable
            leavingNodeCount = leaving
            preemptedNodeCount = preempted
        }
    }

    /// One error of the cluster (REST `errors[].error`).
    public struct ComputeError: Sendable, Hashable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public struct Status: Sendable, Equatable, EmptyInitializable {
        /// `Creating`, `Succeeded`, `Failed`, … as Azure reports computes.
        public var provisioningState: String
        public var allocationState: AllocationState?
        public var allocationStateTransitionTime: Timestamp?
        public var currentNodeCount: Int
        /// The target of the current resize while resizing, of the previous one when steady.
        public var targetNodeCount: Int
        public var nodeStateCounts: NodeStateCounts
        public var errors: [ComputeError]
        public var conditions: [Condition]

        public init() {
            provisioningState = ""
            allocationState = nil
            allocationStateTransitionTime = nil
            currentNodeCount = 0
            targetNodeCount = 0
            nodeStateCounts = NodeStateCounts()
            errors = []
            conditions = []
        }
    }

    /// The VM size Azure ML's CLI v2 reference gives as the default.
    public static let defaultSize = "Standard_DS3_v2"

    public static let resource = ResourceType(
        group: "skiff.dev",
        version: "v1alpha1",
        kind: "AmlCompute",
        plural: "amlcomputes",
        shortNames: ["amlc"],
        namespaced: false,
        categories: ["skiff"]
    )

    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status

    public init(metadata: ObjectMeta, spec: Spec, status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The VM size from the built-in catalog (always found for a decoded object).
    public var vmSize: VMSize? { VMSizeCatalog.builtIn.size(named: spec.size) }

    public static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec", required: true) { r in decode(r, naming: .camelCase) }
    }

    public static func decodeStatus(from root: MappingReader) -> Status? {
        root.mapping("status") { r in decodeStatus(r) }
    }
}
