/// Kubernetes' `v1` Pod: containers to run together on one node. Namespaced; in the `all` category.
public struct Pod: APIObject {
    /// The declared fields: ``PodSpec``.
    public typealias Spec = PodSpec
    /// The observed state: ``PodStatus``.
    public typealias Status = PodStatus

    /// Names, version and scope.
    public static let resource = ResourceType(
        group: "",
        version: "v1",
        kind: "Pod",
        plural: "pods",
        shortNames: ["po"],
        namespaced: true,
        categories: ["all"]
    )

    /// Name, namespace, labels and the store's bookkeeping.
    public var metadata: ObjectMeta
    /// What is declared.
    public var spec: PodSpec
    /// What controllers observed.
    public var status: PodStatus

    /// An object with the given parts.
    public init(metadata: ObjectMeta, spec: PodSpec, status: PodStatus = PodStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// Reads the declared fields; see ``APIObject/decodeSpec(from:)``.
    public static func decodeSpec(from root: MappingReader) -> PodSpec? {
        guard root.node("spec") != nil else {
            // A pod without a spec has no containers, which is what Kubernetes reports.
            root.context.required(FieldPath("spec").child("containers"), root.mark("spec"))
            return nil
        }
        return root.mapping("spec", PodSpec.decode)
    }

    /// Reads `status`; see ``APIObject/decodeStatus(from:)``.
    public static func decodeStatus(from root: MappingReader) -> PodStatus? {
        root.mapping("status", PodStatus.decode)
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

extension Pod: FieldSelectable {
    /// The pod fields Kubernetes lets pods be selected by, among those Skiff models.
    public static let selectableFields = [
        "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
        "status.phase", "status.podIP", "status.nominatedNodeName",
    ]

    /// The value of a selectable field, or nil for any other.
    public func selectableField(_ name: String) -> String? {
        switch name {
        case "spec.nodeName": return spec.nodeName
        case "spec.restartPolicy": return spec.restartPolicy.rawValue
        case "spec.schedulerName": return spec.schedulerName
        case "status.phase": return status.phase?.rawValue ?? ""
        case "status.podIP": return status.podIP
        case "status.nominatedNodeName": return status.nominatedNodeName
        default: return nil
        }
    }
}
