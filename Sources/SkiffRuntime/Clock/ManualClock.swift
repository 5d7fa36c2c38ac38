import Foundation
import HeapModule

/// A clock for tests: time moves only when ``advance(by:)`` is called, and due work runs synchronously on the
/// caller, earliest deadline first (ties in the order they were scheduled).
///
/// Wall time starts at `wallStart` and moves with the monotonic time line.
public final class ManualClock: Clock {
    private let state: ConditionLock<State>
    private let wallStart: Date

    /// Creates a manual clock at the monotonic origin whose wall time starts at `wallStart`
    /// (by default 2023-11-14T22:13:20Z, a fixed date so that tests are reproducible).
    public init(wallStart: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        self.wallStart = wallStart
        self.state = ConditionLock(State())
    }

    /// The current instant: the origin plus every ``advance(by:)`` so far (or, while due work runs, its
    /// deadline).
    public var now: MonotonicInstant {
        state.withLock { $0.now }
    }

    /// `wallStart` plus the time elapsed on the monotonic time line.
    public var wallNow: Date {
        let elapsed = now.sinceOrigin.components
        return wallStart.addingTimeInterval(Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    /// Work scheduled and neither run nor cancelled yet.
    public var pendingCount: Int {
        state.withLock { $0.work.count }
    }

    /// The deadline of the earliest pending work, if any.
    public var nextDeadline: MonotonicInstant? {
        state.withLock { state in
            state.dropCancelledHead()
            return state.deadlines.min?.deadline
        }
    }

    /// Records `work` to run when ``advance(by:)`` reaches `delay` from now; never runs it synchronously.
    @discardableResult
    public func schedule(after delay: Duration, _ work: @escaping @Sendable () -> Void) -> ScheduledWork {
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            let deadline = state.now.advanced(by: max(delay, .zero))
            state.deadlines.insert(Deadline(deadline: deadline, id: id))
            state.work[id] = work
            return id
        }
        return ScheduledWork { [weak self] in
            _ = self?.state.withLock { $0.work.removeValue(forKey: id) }
        }
    }

    /// Moves time forward by `duration`, running every piece of work that falls due on the way, in deadline
    /// order, on the calling thread. Work scheduled by that work runs too if it falls due within `duration`.
    /// While a piece of work runs, ``now`` reads its deadline.
    ///
    /// - Important: Call from one thread at a time; the work runs outside the clock's lock, so it may schedule
    ///   and cancel freely.
    public func advance(by duration: Duration) {
        let target = state.withLock { $0.now.advanced(by: max(duration, .zero)) }
        while let work = nextDue(before: target) {
            work()
        }
        state.withLock { state in
            state.now = max(state.now, target)
        }
    }

    private func nextDue(before target: MonotonicInstant) -> (@Sendable () -> Void)? {
        state.withLock { state in
            while let head = state.deadlines.min, head.deadline <= target {
                state.deadlines.removeMin()
                guard let work = state.work.removeValue(forKey: head.id) else { continue }
                state.now = max(state.now, head.deadline)
                return work
            }
            return nil
        }
    }
}

extension ManualClock {
    private struct Deadline: Comparable, Sendable {
        var deadline: MonotonicInstant
        var id: UInt64

        static func < (lhs: Deadline, rhs: Deadline) -> Bool {
            (lhs.deadline, lhs.id) < (rhs.deadline, rhs.id)
        }
    }

    private struct State: Sendable {
        var now = MonotonicInstant.origin
        var nextID: UInt64 = 0
        var deadlines = Heap<Deadline>()
        var work: [UInt64: @Sendable () -> Void] = [:]

        /// Cancelled work leaves its deadline in the heap; drop such entries from the top.
        mutating func dropCancelledHead() {
            while let head = deadlines.min, work[head.id] == nil {
                deadlines.removeMin()
            }
        }
    }
}
