/// A gang: pods of one namespace sharing a ``SchedulingAnnotations/podGroup`` name, placed in one scheduling cycle
/// all together or not at all.
public struct PodGroup: Sendable, Hashable, CustomStringConvertible {
    /// The namespace of every member.
    public var namespace: String
    /// The group's name.
    public var name: String

    /// The group `namespace/name`.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The group `pod` belongs to, or nil when it carries no group name. The label wins over the annotation.
    public init?(_ pod: Pod) {
        let meta = pod.metadata
        guard
            let name = meta.labels[SchedulingAnnotations.podGroup] ?? meta.annotations[SchedulingAnnotations.podGroup],
            !name.isEmpty
        else { return nil }
        self.init(namespace: meta.namespace, name: name)
    }

    /// The number of members `pod` declares for its group: the size label or annotation when it is a positive
    /// integer, else 1 (a group of one is placed like any pod).
    public static func declaredSize(of pod: Pod) -> Int {
        let meta = pod.metadata
        let text =
            meta.labels[SchedulingAnnotations.podGroupSize] ?? meta.annotations[SchedulingAnnotations.podGroupSize]
        guard let text, let size = Int(text), size > 0 else { return 1 }
        return size
    }

    /// `namespace/name`.
    public var description: String { "\(namespace)/\(name)" }
}
