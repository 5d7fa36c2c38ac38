/// What part of a container's log to read (`kubectl logs --tail N -f`).
public struct LogOptions: Sendable, Hashable {
    /// Only the last lines; all when nil.
    public var tailLines: Int?
    /// Keep reading what the container writes until it has stopped for good.
    public var follow: Bool

    /// Options; by default the whole log, without following.
    public init(tailLines: Int? = nil, follow: Bool = false) {
        self.tailLines = tailLines
        self.follow = follow
    }
}
