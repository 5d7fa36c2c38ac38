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
        /// The administrator's user name.
        public var adminUsername: String
        /// The administrator's password (at least three character classes).
        public var adminPassword: String?
        /// The administrator's SSH public key.
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

    /// What the cluster is: VM size, tier, scale bounds, identity, access and network.
    public struct Spec: Sendable, Equatable {
        /// The canonical VM size name from the catalog (`Standard_DS3_v2`).
        public var size: String
        /// Dedicated or low-priority nodes.
        public var tier: Tier
        /// Nodes always kept, even without work.
        public var minInstances: Int
        /// The most nodes the autoscaler adds (within the VM family's core quota).
        public var maxInstances: Int
        /// Seconds a node may sit idle before it is removed.
        public var idleTimeBeforeScaleDown: Int64
        /// The Azure region, kept for reference.
        public var location: String?
        public var description: String?
        /// The identity the nodes' work runs as.
        public var identity: ManagedIdentity?
        /// The administrator account, when remote login is wanted.
        public var sshSettings: SSHSettings?
        /// Whether the SSH port is open to the internet; nil for Azure's `NotSpecified`.
        public var sshPublicAccessEnabled: Bool?
        /// The virtual network, when the nodes join one.
        public var networkSettings: NetworkSettings?
        /// Whether nodes get public IP addresses (default true).
        public var enableNodePublicIp: Bool
        /// The nodes' operating system (default Linux); node labels follow it.
        public var osType: OSType
        /// Azure tags, kept for reference.
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
        /// Nodes up with nothing to run.
        public var idleNodeCount: Int
        /// Nodes running work.
        public var runningNodeCount: Int
        /// Nodes being created or started.
        public var preparingNodeCount: Int
        /// Nodes that failed and take no work.
        public var unusableNodeCount: Int
        /// Nodes being removed.
        public var leavingNodeCount: Int
        /// Low-priority nodes taken back by Azure.
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
        /// A machine-readable code (`QuotaExceeded`).
        public var code: String
        /// What went wrong.
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// One node of the cluster and its state (Azure ML's `listNodes`: `nodeId`, `nodeState`).
    public struct NodeEntry: Sendable, Hashable {
        public var name: String
        /// `preparing`, `idle`, `running`, `leaving`, `preempted` or `unusable`.
        public var state: String

        public init(name: String, state: String) {
            self.name = name
            self.state = state
        }
    }

    /// One change of the cluster's size: when, from how many nodes to how many, and why.
    public struct ScaleEvent: Sendable, Hashable {
        public var time: Timestamp
        public var from: Int
        public var to: Int
        public var reason: String

        public init(time: Timestamp, from: Int, to: Int, reason: String) {
            self.time = time
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    /// What the cluster is doing, in the shape of Azure ML's REST `AmlComputeProperties`.
    public struct Status: Sendable, Equatable, EmptyInitializable {
        /// `Creating`, `Succeeded`, `Failed`, … as Azure reports computes.
        public var provisioningState: String
        /// Whether a resize is under way; nil before the first reconcile.
        public var allocationState: AllocationState?
        /// When `allocationState` last changed.
        public var allocationStateTransitionTime: Timestamp?
        /// Nodes the cluster has now.
        public var currentNodeCount: Int
        /// The target of the current resize while resizing, of the previous one when steady.
        public var targetNodeCount: Int
        /// The cluster's nodes by state.
        public var nodeStateCounts: NodeStateCounts
        /// Why the cluster cannot do what it is asked (quota, unknown size).
        public var errors: [ComputeError]
        /// Observations in Kubernetes' form (`Ready`, `QuotaExceeded`, …).
        public var conditions: [Condition]
        /// The cluster's nodes and their states (Skiff's addition: Azure lists them with `listNodes`).
        public var nodes: [NodeEntry] = []
        /// The latest changes of the cluster's size, oldest first (at most ``AmlCompute/scaleHistoryLimit``).
        public var scaleHistory: [ScaleEvent] = []

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

    /// How many size changes `status.scaleHistory` keeps.
    public static let scaleHistoryLimit = 10

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
