/// What one scheduling cycle computes once about the pod and shares between plugins (kube-scheduler's
/// `CycleState`): its resource request, its parsed node affinity and tolerations, the devices reserved for it, and
/// room for other plugins' data.
public struct CycleState: Sendable {
    /// The resource slots of the cycle's snapshot.
    public var table: ResourceSlotTable
    /// The pod's request, against the snapshot's resource slots.
    public var request: PodRequest
    /// The pod's `spec.priority` (0 when unset).
    public var priority: Int32
    /// The node the pod names in `spec.nodeName` (empty when none).
    public var nodeName: String
    /// The pod's required node affinity and `nodeSelector`.
    public var nodeAffinity: RequiredNodeAffinity
    /// The pod's usable preferred node affinity terms.
    public var preferredTerms: [PreferredSchedulingTerm]
    /// The pod's tolerations.
    public var tolerations: [Toleration]
    /// The tolerations that can tolerate a `PreferNoSchedule` taint (effect empty or `PreferNoSchedule`).
    public var preferNoScheduleTolerations: [Toleration]
    /// The devices the reserve plugins picked on the chosen node.
    public var devices: DeviceAssignment
    /// Score plugins whose pre-score asked to be skipped for this pod.
    public var skippedScorePlugins: Set<String>
    /// Data of other plugins, by a key of their choosing.
    public var values: [String: any Sendable]

    /// The state of a cycle for `pod`, against the resource slots of `table`.
    public init(pod: Pod, table: ResourceSlotTable) {
        self.table = table
        request = PodRequest(pod, table: table)
        priority = pod.spec.priority ?? 0
        nodeName = pod.spec.nodeName
        nodeAffinity = RequiredNodeAffinity(pod)
        preferredTerms = (pod.spec.affinity?.nodeAffinity?.preferred ?? []).filter {
            RequiredNodeAffinity.isUsable($0.preference)
        }
        tolerations = pod.spec.tolerations
        preferNoScheduleTolerations = tolerations.filter { $0.effect == nil || $0.effect == .preferNoSchedule }
        devices = DeviceAssignment()
        skippedScorePlugins = []
        values = [:]
    }
}
