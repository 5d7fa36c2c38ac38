/// A point on a monotonic time line, measured from the origin of the ``Clock`` that produced it.
///
/// Instants from different clocks are not comparable in any meaningful way; compare only instants taken from one
/// clock. Use ``Clock/wallNow`` for timestamps that leave the process (object metadata, events).
public struct MonotonicInstant: InstantProtocol, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Time elapsed since the clock's origin.
    public var sinceOrigin: Duration

    /// Creates the instant that lies `sinceOrigin` after the clock's origin.
    public init(sinceOrigin: Duration) {
        self.sinceOrigin = sinceOrigin
    }

    /// The clock's origin.
    public static let origin = MonotonicInstant(sinceOrigin: .zero)

    /// The instant `duration` after this one.
    public func advanced(by duration: Duration) -> MonotonicInstant {
        MonotonicInstant(sinceOrigin: sinceOrigin + duration)
    }

    /// The duration from this instant to `other` (negative when `other` is earlier).
    public func duration(to other: MonotonicInstant) -> Duration {
        other.sinceOrigin - sinceOrigin
    }

    /// Whether `lhs` comes before `rhs`.
    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.sinceOrigin < rhs.sinceOrigin
    }

    /// The instant `rhs` after `lhs`.
    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        lhs.advanced(by: rhs)
    }

    /// The instant `rhs` before `lhs`.
    public static func - (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        lhs.advanced(by: .zero - rhs)
    }

    /// The duration from `rhs` to `lhs`.
    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        rhs.duration(to: lhs)
    }

    /// The instant printed as the time since the origin, e.g. `+1.5 seconds`.
    public var description: String {
        "+\(sinceOrigin)"
    }
}
