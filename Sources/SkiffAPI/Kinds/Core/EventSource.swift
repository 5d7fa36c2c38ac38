/// Who reported an event (Kubernetes' `v1.EventSource`).
public struct EventSource: Sendable, Hashable {
    /// `default-scheduler`, `skiff-job-controller`.
    public var component: String
    /// The node name, for events from a node agent.
    public var host: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(component: String = "", host: String = "") {
        self.component = component
        self.host = host
    }
}

extension EventSource {
    static func decode(_ r: MappingReader) -> EventSource {
        EventSource(component: r.string("component") ?? "", host: r.string("host") ?? "")
    }

    /// The source as Kubernetes prints it (`{}` when empty).
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("component", nonEmpty: component)
        o.put("host", nonEmpty: host)
        return .object(o)
    }
}
