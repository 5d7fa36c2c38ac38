/// Why a pod fits no node, worded exactly as kube-scheduler's `FitError`:
/// `0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's node affinity/selector.`
///
/// Each reason of each rejected node is counted; the `<count> <reason>` strings are sorted as strings (so
/// `10 …` sorts before `2 …`, as in kube-scheduler) and joined with `, `. A preemption attempt's message follows
/// after a space.
public struct FitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// kube-scheduler's message when there is no node at all.
    public static let noNodesAvailable = "no nodes available to schedule pods"

    /// How many nodes the cycle considered.
    public var numAllNodes: Int
    /// The rejection of each node that has one, by node name.
    public var nodeStatuses: [String: Status]
    /// The reasons counted for every node missing from ``nodeStatuses`` (preemption's "Preemption is not helpful
    /// for scheduling").
    public var absentNodeReasons: [String]
    /// A message that replaces the per-node reasons (a pre-filter rejection of the pod as a whole).
    public var preFilterMessage: String
    /// What the post-filter step (preemption) said, appended after the reasons.
    public var postFilterMessage: String

    /// A fit error over `numAllNodes` nodes.
    public init(
        numAllNodes: Int,
        nodeStatuses: [String: Status] = [:],
        absentNodeReasons: [String] = [],
        preFilterMessage: String = "",
        postFilterMessage: String = ""
    ) {
        self.numAllNodes = numAllNodes
        self.nodeStatuses = nodeStatuses
        self.absentNodeReasons = absentNodeReasons
        self.preFilterMessage = preFilterMessage
        self.postFilterMessage = postFilterMessage
    }

    /// The plugins that rejected at least one node.
    public var unschedulablePlugins: Set<String> {
        Set(nodeStatuses.values.filter(\.isRejected).map(\.plugin).filter { !$0.isEmpty })
    }

    /// The reasons with their node counts, sorted as kube-scheduler sorts them.
    public var reasonHistogram: [String] {
        var counts: [String: Int] = [:]
        for status in nodeStatuses.values {
            for reason in status.reasons {
                counts[reason, default: 0] += 1
            }
        }
        let absent = numAllNodes - nodeStatuses.count
        if absent > 0 {
            for reason in absentNodeReasons {
                counts[reason, default: 0] += absent
            }
        }
        return counts.map { "\($0.value) \($0.key)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The message, as kube-scheduler's `FitError.Error()`.
    public var message: String {
        var text = "0/\(numAllNodes) nodes are available:"
        if !preFilterMessage.isEmpty {
            text += " \(preFilterMessage)."
        } else {
            let histogram = reasonHistogram
            if !histogram.isEmpty {
                text += " " + histogram.joined(separator: ", ") + "."
            }
        }
        if !postFilterMessage.isEmpty {
            text += " " + postFilterMessage
        }
        return text
    }

    /// The message.
    public var description: String { message }
}
