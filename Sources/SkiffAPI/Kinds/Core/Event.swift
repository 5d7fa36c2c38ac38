/// Kubernetes' `v1` Event: a report that something happened to an object. Namespaced; its fields sit at the
/// top level (see ``EventSpec``), and it has no status.
public struct Event: APIObject {
    /// The declared fields: ``EventSpec``.
    public typealias Spec = EventSpec

    /// An event has no status; this empty value satisfies ``APIObject``.
    public struct Status: Sendable, Hashable, EmptyInitializable {
        /// Nothing observed yet.
        public init() {}
    }

    /// Names, version and scope.
    public static let resource = ResourceType(
        group: "",
        version: "v1",
        kind: "Event",
        plural: "events",
        shortNames: ["ev"],
        namespaced: true
    )

    /// Name, namespace, labels and the store's bookkeeping.
    public var metadata: ObjectMeta
    /// What is declared.
    public var spec: EventSpec
    /// What controllers observed.
    public var status: Status

    /// An object with the given parts.
    public init(metadata: ObjectMeta, spec: EventSpec, status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// Reads the declared fields; see ``APIObject/decodeSpec(from:)``.
    public static func decodeSpec(from root: MappingReader) -> EventSpec? {
        if !root.context.includeStatus && root.has("status") {
            // An event has no status; the decoder skips `status` in manifests, so say it here.
            root.context.error(FieldPath(), root.keyMark("status"), "unknown field \"status\"")
        }
        return EventSpec.decode(from: root)
    }

    /// Reads `status`; see ``APIObject/decodeStatus(from:)``.
    public static func decodeStatus(from root: MappingReader) -> Status? {
        Status()
    }

    /// Writes the declared fields in Kubernetes' order.
    public func encodeSpec(into object: inout JSONObject) {
        spec.encode(into: &object)
    }

    /// Writes `status` unless it is empty.
    public func encodeStatus(into object: inout JSONObject) {}
}

extension Event: FieldSelectable {
    /// The fields Kubernetes lets events be selected by.
    public static let selectableFields = [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    ]

    /// The value of a selectable field, or nil for any other.
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
