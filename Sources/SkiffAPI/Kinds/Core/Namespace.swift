/// Kubernetes' `v1` Namespace: a scope for namespaced objects. Cluster-scoped; names are DNS-1123 labels.
public struct Namespace: APIObject {
    public struct Spec: Sendable, Equatable {
        public var finalizers: [String]

        public init(finalizers: [String] = []) {
            self.finalizers = finalizers
        }
    }

    public struct Status: Sendable, Equatable, EmptyInitializable {
        /// `Active` or `Terminating`; empty until the controller has seen the namespace.
        public var phase: String
        public var conditions: [Condition]

        public init() {
            phase = ""
            conditions = []
        }
    }

    public static let resource = ResourceType(
        group: "",
        version: "v1",
        kind: "Namespace",
        plural: "namespaces",
        shortNames: ["ns"],
        namespaced: false
    )
    public static var nameRule: NameRule { .dns1123Label }

    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status

    public init(metadata: ObjectMeta, spec: Spec = Spec(), status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec") { r in Spec(finalizers: r.stringList("finalizers") ?? []) } ?? Spec()
    }

    public static func decodeStatus(from root: MappingReader) -> Status? {
        root.mapping("status") { r in
            var status = Status()
            status.phase = r.string("phase") ?? ""
            status.conditions = r.mappingList("conditions", Condition.decode) ?? []
            return status
        }
    }

    public func encodeSpec(into object: inout JSONObject) {
        var spec = JSONObject()
        spec.put("finalizers", nonEmpty: self.spec.finalizers.map { .string($0) })
        object["spec"] = .object(spec)
    }

    public func encodeStatus(into object: inout JSONObject) {
        var status = JSONObject()
        status.put("phase", nonEmpty: self.status.phase)
        status.put("conditions", nonEmpty: self.status.conditions.map(\.encoded))
        object.put("status", nonEmpty: status)
    }
}
