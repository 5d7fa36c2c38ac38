/// Kubernetes' `v1` Pod: containers to run together on one node. Namespaced; in the `all` category.
public struct Pod: APIObject {
    public typealias Spec = PodSpec
    public typealias Status = PodStatus

    public static let resource = ResourceType(
        group: "",
        version: "v1",
        kind: "Pod",
        plural: "pods",
        shortNames: ["po"],
        namespaced: true,
        categories: ["all"]
    )

    public var metadata: ObjectMeta
    public var spec: PodSpec
    public var status: PodStatus

    public init(metadata: ObjectMeta, spec: PodSpec, status: PodStatus = PodStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static func decodeSpec(from root: MappingReader) -> PodSpec? {
        if let spec = root.mapping("spec", PodSpec.decode) { return spec }
        // A pod without a spec has no containers, which is what Kubernetes reports.
        root.context.required(FieldPath("spec").child("containers"), root.mark("spec"))
        return PodSpec(containers: [])
    }

    public static func decodeStatus(from root: MappingReader) -> PodStatus? {
        root.mapping("status", PodStatus.decode)
    }

    public func encodeSpec(into object: inout JSONObject) {
        object["spec"] = spec.encoded
    }

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
