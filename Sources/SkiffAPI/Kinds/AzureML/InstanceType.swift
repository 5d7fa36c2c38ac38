/// The Azure ML extension's `InstanceType` custom resource (`amlarc.azureml.com/v1alpha1`): the node selector and
/// resources a job's pods get. Cluster-scoped. The instance type named `defaultinstancetype` is the default for jobs
/// that name none (reference §1.3).
public struct InstanceType: APIObject {
    /// Where a job's pods may run and what they get.
    public struct Spec: Sendable, Equatable {
        /// Labels a node must have (besides the extension's `nodeSelector.*`).
        public var nodeSelector: [String: String]
        /// What each pod requests and may use.
        public var resources: InstanceTypeResources

        public init(nodeSelector: [String: String] = [:], resources: InstanceTypeResources) {
            self.nodeSelector = nodeSelector
            self.resources = resources
        }

        /// Reads `{nodeSelector, resources}` — the CR's spec, an entry of a compute's `instanceTypes` (REST and
        /// attach configs, camelCase) or of the 2021 preview's `instance_types` (`node_selector`). A null
        /// `nodeSelector` is none.
        public static func decode(_ r: MappingReader, naming: FieldNaming) -> Spec? {
            let errorsBefore = r.context.errors.count
            let selectorKey = naming("nodeSelector")
            let nodeSelector = r.stringMap(selectorKey) ?? [:]
            for (key, value) in nodeSelector.sorted(by: { $0.key < $1.key }) {
                let path = r.path.child(selectorKey)
                for problem in NameValidation.isQualifiedName(key) {
                    r.context.invalid(path, r.mark(selectorKey), value: key, problem)
                }
                for problem in NameValidation.isValidLabelValue(value) {
                    r.context.invalid(path, r.mark(selectorKey), value: value, problem)
                }
            }
            let resources = r.mapping("resources", required: true) { InstanceTypeResources.decode($0) }
            guard let resources, r.context.errors.count == errorsBefore else { return nil }
            return Spec(nodeSelector: nodeSelector, resources: resources)
        }

        /// `{nodeSelector, resources}` as the CR prints it.
        public var encoded: JSONObject {
            var o = JSONObject()
            o.put("nodeSelector", nonEmpty: nodeSelector)
            o["resources"] = resources.encoded
            return o
        }
    }

    /// What the controller observed.
    public struct Status: Sendable, Equatable, EmptyInitializable {
        /// Observations in Kubernetes' form (`Schedulable`, …).
        public var conditions: [Condition]

        public init() {
            conditions = []
        }
    }

    /// The name that makes an instance type the default (reference §1.3).
    public static let defaultName = "defaultinstancetype"

    public static let resource = ResourceType(
        group: "amlarc.azureml.com",
        version: "v1alpha1",
        kind: "InstanceType",
        plural: "instancetypes",
        shortNames: ["it"],
        namespaced: false,
        categories: ["skiff"]
    )

    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status

    public init(metadata: ObjectMeta, spec: Spec, status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// Whether this is the default instance type.
    public var isDefault: Bool { metadata.name == InstanceType.defaultName }

    public static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec", required: true) { Spec.decode($0, naming: .camelCase) }
    }

    public static func decodeStatus(from root: MappingReader) -> Status? {
        root.mapping("status") { r in
            var status = Status()
            status.conditions = r.mappingList("conditions", Condition.decode) ?? []
            return status
        }
    }

    public func encodeSpec(into object: inout JSONObject) {
        object["spec"] = .object(spec.encoded)
    }

    public func encodeStatus(into object: inout JSONObject) {
        var status = JSONObject()
        status.put("conditions", nonEmpty: self.status.conditions.map(\.encoded))
        object.put("status", nonEmpty: status)
    }
}
