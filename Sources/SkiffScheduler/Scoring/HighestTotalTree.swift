/// A tournament tree over per-position totals: the highest total and how many positions share it are read at the
/// root, a position's total changes in O(log n), and the r-th tied position (in ascending order) is found in
/// O(log n), so a cycle picks its host without walking every node. `Int64.min` marks a position that takes no part.
struct HighestTotalTree {
    /// Leaves: the first power of two at least the number of positions.
    private var leaves = 1
    /// Per tree node (1 is the root, `leaves + position` a leaf): the highest total below it.
    private var best: [Int64] = [Int64.min, Int64.min]
    /// Per tree node: how many positions below it have that total (0 when it is `Int64.min`).
    private var ties: [Int32] = [0, 0]

    /// The highest total (`Int64.min` when no position takes part).
    var highest: Int64 { best[1] }
    /// How many positions have the highest total.
    var tieCount: Int { Int(ties[1]) }

    /// A tree over `totals`.
    init(_ totals: [Int64] = []) {
        leaves = 1
        while leaves < totals.count { leaves <<= 1 }
        best = [Int64](repeating: Int64.min, count: 2 * leaves)
        ties = [Int32](repeating: 0, count: 2 * leaves)
        best.withUnsafeMutableBufferPointer { best in
            ties.withUnsafeMutableBufferPointer { ties in
                for (position, total) in totals.enumerated() {
                    best[leaves + position] = total
                    ties[leaves + position] = total == Int64.min ? 0 : 1
                }
                var node = leaves - 1
                while node >= 1 {
                    Self.combine(node, best: best, ties: ties)
                    node -= 1
                }
            }
        }
    }

    /// Sets the total of `position`.
    mutating func set(_ position: Int, _ total: Int64) {
        let leaves = self.leaves
        best.withUnsafeMutableBufferPointer { best in
            ties.withUnsafeMutableBufferPointer { ties in
                var node = leaves + position
                best[node] = total
                ties[node] = total == Int64.min ? 0 : 1
                node >>= 1
                while node >= 1 {
                    Self.combine(node, best: best, ties: ties)
                    node >>= 1
                }
            }
        }
    }

    /// The position of the `rank`-th (from 0) tie for the highest total, in ascending order.
    func tie(_ rank: Int) -> Int {
        var remaining = Int32(rank)
        var node = 1
        let highest = best[1]
        while node < leaves {
            let left = 2 * node
            let leftTies = best[left] == highest ? ties[left] : 0
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
    private static func combine(
        _ node: Int,
        best: UnsafeMutableBufferPointer<Int64>,
        ties: UnsafeMutableBufferPointer<Int32>
    ) {
        let left = 2 * node
        let right = left + 1
        let high = max(best[left], best[right])
        best[node] = high
        ties[node] = (best[left] == high ? ties[left] : 0) + (best[right] == high ? ties[right] : 0)
    }
}
