import SkiffAPI

/// Everything of a pod that the filter and score plugins with column forms read: two pods of the same shape get
/// the same verdict and the same raw scores on every node, so their cycles can share ``ShapeScores``.
struct PodShape: Hashable {
    var request: PodRequest
    var slotCount: Int
    var nodeName: String
    var nodeAffinity: RequiredNodeAffinity
    var preferredTerms: [PreferredSchedulingTerm]
    var tolerations: [Toleration]

    /// The shape of the pod a cycle's `state` was made for.
    init(_ state: CycleState) {
        request = state.request
        slotCount = state.table.count
        nodeName = state.nodeName
        nodeAffinity = state.nodeAffinity
        preferredTerms = state.preferredTerms
        tolerations = state.tolerations
    }
}
