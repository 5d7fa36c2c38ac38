/// A tournament tree over per-position totals: the highest total and how many positions share it are read at the
/// root, a position's total changes in O(log n), and the r-th tied position (in ascending order) is found in
/// O(log n), so a cycle picks its host without walking every node. `Int64.min` marks a position that takes no part.
struct HighestTotalTree {
    /// A tree node: the highest total below it and how many positions have it (0 when it is `Int64.min`). Kept
    /// together, so that a step up the tree reads one pair of siblings from one cache line.
    private struct Node {
        var best: Int64
        var ties: Int64
    }

    /// Leaves: the first power of two at least the number of positions.
    private var leaves = 1
    /// 1 is the root, `leaves + position` a leaf.
    private var nodes = [Node](repeating: Node(best: Int64.min, ties: 0), count: 2)

    /// The highest total (`Int64.min` when no position takes part).
    var highest: Int64 { nodes[1].best }
    /// How many positions have the highest total.
    var tieCount: Int { Int(nodes[1].ties) }

    /// A tree over `totals`.
    init(_ totals: [Int64] = []) {
        leaves = 1
        while leaves < totals.count { leaves <<= 1 }
        nodes = [Node](repeating: Node(best: Int64.min, ties: 0), count: 2 * leaves)
        nodes.withUnsafeMutableBufferPointer { nodes in
            for (position, total) in totals.enumerated() {
                nodes[leaves + position] = Node(best: total, ties: total == Int64.min ? 0 : 1)
            }
            var node = leaves - 1
            while node >= 1 {
                Self.combine(node, nodes)
                node -= 1
            }
        }
    }

    /// Sets the total of `position`.
    mutating func set(_ position: Int, _ total: Int64) {
        let leaves = self.leaves
        nodes.withUnsafeMutableBufferPointer { nodes in
            var node = leaves + position
            nodes[node] = Node(best: total, ties: total == Int64.min ? 0 : 1)
            node >>= 1
            while node >= 1 {
                Self.combine(node, nodes)
                node >>= 1
            }
        }
    }

    /// The position of the `rank`-th (from 0) tie for the highest total, in ascending order.
    func tie(_ rank: Int) -> Int {
        var remaining = Int64(rank)
        var node = 1
        let highest = nodes[1].best
        while node < leaves {
            let left = 2 * node
            let leftTies = nodes[left].best == highest ? nodes[left].ties : 0
            if remaining < leftTies {
                node = left
            } else {
                remaining -= leftTies
                node = left + 1
            }
        }
        return node - leaves
    }

    @inline(__always)
    private static func combine(_ node: Int, _ nodes: UnsafeMutableBufferPointer<Node>) {
        let left = nodes[2 * node]
        let right = nodes[2 * node + 1]
        let high = max(left.best, right.best)
        nodes[node] = Node(
            best: high,
            ties: (left.best == high ? left.ties : 0) + (right.best == high ? right.ties : 0)
        )
    }
}
