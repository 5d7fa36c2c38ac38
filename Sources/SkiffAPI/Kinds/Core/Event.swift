/// Kubernetes' `v1` Event: a report that something happened to an object. Namespaced; its fields sit at the
/// top level (see ``EventSpec``), and it has no status.
public struct Event: APIObject {
    public typealias Spec = EventSpec

    /// An event has no status; this empty value satisfies ``APIObject``.
    public struct Status: Sendable, Hashable, EmptyInitializable {
        public init() {}
    }

    public static let resource = ResourceType(
        group: "",
        version: "v1",
        kind: "Event",
        plural: "events",
        shortNames: ["ev"],
        namespaced: true
    )

    public var metadata: ObjectMeta
    public var spec: EventSpec
    public var status: Status

    public init(metadata: ObjectMeta, spec: EventSpec, status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static func decodeSpec(from root: MappingReader) -> EventSpec? {
        EventSpec.decode(from: root)
    }

    public static func decodeStatus(from root: MappingReader) -> Status? {
        Status()
    }

    public func encodeSpec(into object: inout JSONObject) {
        spec.encode(into: &object)
    }

    public func encodeStatus(into object: inout JSONObject) {}
}

extension Event: FieldSelectable {
    /// The fields Kubernetes lets events be selected by.
    public static let selectableFields = [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    ]

    public func selectableField(_ name: String) -> String? {
        let o = spec.involvedObject
        switch name {
        case "involvedObject.kind": return o.kind
        case "involvedObject.namespace": return o.namespace
        case "involvedObject.name": return o.name
        case "involvedObject.uid": return o.uid
        case "involvedObject.apiVersion": return o.apiVersion
        case "involvedObject.resourceVersion": return o.resourceVersion
        case "involvedObject.fieldPath": return o.fieldPath
        case "reason": return spec.reason
        case "reportingComponent": return spec.reportingComponent
        case "source": return spec.source.component
        case "type": return spec.type
        default: return nil
        }
    }
}
