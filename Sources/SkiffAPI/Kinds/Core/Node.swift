/// Kubernetes' `v1` Node: a machine (real or virtual) pods run on. Cluster-scoped.
///
/// A `kind: Node` manifest declares a virtual node with labels, taints and `status.capacity` /
/// `status.allocatable`; those two are the only status a manifest may carry and are kept in
/// ``NodeSpec/declaredCapacity`` and ``NodeSpec/declaredAllocatable``.
public struct Node: APIObject {
    /// The declared fields: ``NodeSpec``.
    public typealias Spec = NodeSpec
    /// The observed state: ``NodeStatus``.
    public typealias Status = NodeStatus

    /// Names, version and scope.
    public static let resource = ResourceType(
        group: "",
        version: "v1",
        kind: "Node",
        plural: "nodes",
        shortNames: ["no"],
        namespaced: false
    )

    /// Name, namespace, labels and the store's bookkeeping.
    public var metadata: ObjectMeta
    /// What is declared.
    public var spec: NodeSpec
    /// What controllers observed.
    public var status: NodeStatus

    /// An object with the given parts.
    public init(metadata: ObjectMeta, spec: NodeSpec = NodeSpec(), status: NodeStatus = NodeStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// Reads `spec`; from a manifest (no `includeStatus`) also the declared `status.capacity` and
    /// `status.allocatable`, rejecting any other status field.
    public static func decodeSpec(from root: MappingReader) -> NodeSpec? {
        var spec = root.mapping("spec", NodeSpec.decode) ?? NodeSpec()
        if !root.context.includeStatus, let status = root.node("status") {
            spec.readDeclaredStatus(status, context: root.context)
        }
        return spec
    }

    /// Reads `status`; see ``APIObject/decodeStatus(from:)``.
    public static func decodeStatus(from root: MappingReader) -> NodeStatus? {
        root.mapping("status", NodeStatus.decode)
    }

    /// Writes the declared fields in Kubernetes' order.
    public func encodeSpec(into object: inout JSONObject) {
        object["spec"] = spec.encoded
    }

    /// Writes `status` unless it is empty.
    public func encodeStatus(into object: inout JSONObject) {
        object.put("status", nonEmpty: status.encoded)
    }
}

extension Node: FieldSelectable {
    /// The node fields Kubernetes lets nodes be selected by.
    public static let selectableFields = ["spec.unschedulable"]

    /// The value of a selectable field, or nil for any other.
    public func selectableField(_ name: String) -> String? {
        name == "spec.unschedulable" ? String(spec.unschedulable) : nil
    }
}
