/// Per-key exponential failure backoff, as client-go's `ItemExponentialFailureRateLimiter`: the n-th requeue of
/// a key (counting from zero) waits `base * 2^n`, capped at `max`.
///
/// The default (5 ms doubling up to 1000 s) is the per-item part of client-go's
/// `DefaultControllerRateLimiter`.
public struct ExponentialFailureBackoff: Sendable, Hashable {
    /// The delay after the first failure.
    public var base: Duration
    /// The longest delay.
    public var max: Duration

    /// Creates a backoff starting at `base` and doubling up to `max`.
    public init(base: Duration = .milliseconds(5), max: Duration = .seconds(1000)) {
        self.base = base
        self.max = max
    }

    /// client-go's controller default: 5 ms doubling up to 1000 s.
    public static let controllerDefault = ExponentialFailureBackoff()

    /// The delay for a key that has already been requeued `failures` times (zero for the first failure).
    public func delay(afterFailures failures: Int) -> Duration {
        guard base > .zero else { return .zero }
        guard base < max else { return max }
        var delay = base
        var remaining = failures
        // At most log2(max / base) doublings happen before the cap, so this loop is short even for huge counts.
        while remaining > 0 {
            if delay > max / 2 {
                return max
            }
            delay = delay * 2
            remaining -= 1
        }
        return delay
    }
}
