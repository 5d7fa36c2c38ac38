/// A Kubernetes cluster attached to Azure ML as a compute target (`type: kubernetes`): the namespace its jobs run
/// in, its instance types and the default one. Cluster-scoped. On Skiff the "cluster" is this machine's nodes.
public struct KubernetesCompute: APIObject {
    /// The attachment as Azure ML's REST `KubernetesProperties` and CLI v2 describe it.
    public struct Spec: Sendable, Equatable {
        /// Where the compute's jobs run; must exist. Default `default`.
        public var namespace: String
        /// The instance type of jobs that name none; when instance types are listed, one of them. Absent means the
        /// cluster's `defaultinstancetype`.
        public var defaultInstanceType: String?
        /// Instance types declared with the compute (REST `instanceTypes`), by name.
        public var instanceTypes: [String: InstanceType.Spec]
        /// The ARM id of the AKS or Arc cluster.
        public var resourceId: String?
        public var description: String?
        /// The Azure region, kept for reference.
        public var location: String?
        /// The identity the compute's work runs as.
        public var identity: ManagedIdentity?

        public init(
            namespace: String = "default",
            defaultInstanceType: String? = nil,
            instanceTypes: [String: InstanceType.Spec] = [:]
        ) {
            self.namespace = namespace
            self.defaultInstanceType = defaultInstanceType
            self.instanceTypes = instanceTypes
            self.resourceId = nil
            self.description = nil
            self.location = nil
            self.identity = nil
        }
    }

    /// How the attachment went.
    public typealias Status = ProvisioningStatus

    public static let resource = ResourceType(
        group: "skiff.dev",
        version: "v1alpha1",
        kind: "KubernetesCompute",
        plural: "kubernetescomputes",
        shortNames: ["kc"],
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

    /// The instance type a job without one gets: the declared default, else `defaultinstancetype`.
    public var effectiveDefaultInstanceType: String { spec.defaultInstanceType ?? InstanceType.defaultName }

    public static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec", required: true) { r in
            let errorsBefore = r.context.errors.count
            var spec = Spec()
            if let namespace = r.located("namespace", r.string("namespace")) {
                spec.namespace = checkNamespace(namespace, context: r.context) ?? namespace.value
            }
            let defaultType = r.located("defaultInstanceType", r.string("defaultInstanceType"))
            if let defaultType {
                for problem in NameValidation.isDNS1123Subdomain(defaultType.value) {
                    r.context.invalid(defaultType.path, defaultType.mark, value: defaultType.value, problem)
                }
            }
            spec.defaultInstanceType = defaultType?.value
            let instanceTypes = readInstanceTypes(r, key: "instanceTypes", convertNames: false)
            spec.instanceTypes = instanceTypes ?? [:]
            spec.resourceId = r.string("resourceId")
            spec.description = r.string("description")
            spec.location = r.string("location")
            spec.identity = r.mapping("identity") { ManagedIdentity.decode($0, naming: .camelCase) }
            checkDefault(defaultType, in: spec.instanceTypes, given: instanceTypes != nil, context: r.context)
            return r.context.errors.count == errorsBefore ? spec : nil
        }
    }

    /// A namespace name must be a DNS-1123 label.
    public static func checkNamespace(_ namespace: Located<String>, context: DecodeContext) -> String? {
        let problems = NameValidation.isDNS1123Label(namespace.value)
        for problem in problems {
            context.invalid(namespace.path, namespace.mark, value: namespace.value, problem)
        }
        return problems.isEmpty ? namespace.value : nil
    }

    /// Reads a mapping of instance type name → `{nodeSelector, resources}`. Names are Kubernetes names: taken as
    /// they are (Skiff's kind) or converted from Azure ML's (`convertNames`, with a warning when they change); two
    /// entries that convert to the same name are an error.
    public static func readInstanceTypes(
        _ r: MappingReader,
        key: String,
        convertNames: Bool
    ) -> [String: InstanceType.Spec]? {
        guard let node = r.node(key) else { return nil }
        let path = r.path.child(key)
        guard let pairs = node.pairs else {
            r.context.error(path, node.mark, "expected a mapping, found \(node.kindDescription)")
            return nil
        }
        var result: [String: InstanceType.Spec] = [:]
        result.reserveCapacity(pairs.count)
        var origin: [String: String] = [:]
        for pair in pairs {
            guard let written = pair.key.scalar?.value else {
                r.context.error(path, pair.key.mark, "expected a string key, found \(pair.key.kindDescription)")
                continue
            }
            let entryPath = path.key(written)
            let name: String?
            if convertNames {
                name = AzureMLNames.convert(written, path: entryPath, mark: pair.key.mark, context: r.context)
            } else {
                let problems = NameValidation.isDNS1123Subdomain(written)
                for problem in problems { r.context.invalid(entryPath, pair.key.mark, value: written, problem) }
                name = problems.isEmpty ? written : nil
            }
            guard let reader = MappingReader(pair.value, path: entryPath, context: r.context) else { continue }
            let spec = InstanceType.Spec.decode(reader, naming: .camelCase)
            reader.finish()
            guard let name, let spec else { continue }
            if let first = origin[name] {
                r.context.error(
                    entryPath,
                    pair.key.mark,
                    "Duplicate value: \(FieldError.quote(name)) (also the name of \(FieldError.quote(first)))"
                )
                continue
            }
            origin[name] = written
            result[name] = spec
        }
        return result
    }

    /// When instance types are given, the default must be one of them (reference §1.5).
    public static func checkDefault(
        _ defaultType: Located<String>?,
        in instanceTypes: [String: InstanceType.Spec],
        given: Bool,
        context: DecodeContext
    ) {
        guard given, let defaultType, !instanceTypes.isEmpty, instanceTypes[defaultType.value] == nil else { return }
        let names = instanceTypes.keys.sorted().map(FieldError.quote).joined(separator: ", ")
        context.invalid(
            defaultType.path,
            defaultType.mark,
            value: defaultType.value,
            "must name one of the instance types: \(names)"
        )
    }

    public static func decodeStatus(from root: MappingReader) -> Status? {
        ProvisioningStatus.decode(from: root)
    }

    public func encodeSpec(into object: inout JSONObject) {
        var o = JSONObject()
        o["namespace"] = .string(spec.namespace)
        o.put("defaultInstanceType", nonEmpty: spec.defaultInstanceType)
        if !spec.instanceTypes.isEmpty {
            var types = JSONObject()
            for name in spec.instanceTypes.keys.sorted() { types[name] = .object(spec.instanceTypes[name]!.encoded) }
            o["instanceTypes"] = .object(types)
        }
        o.put("resourceId", nonEmpty: spec.resourceId)
        o.put("description", nonEmpty: spec.description)
        o.put("location", nonEmpty: spec.location)
        o.put("identity", spec.identity?.encoded)
        object["spec"] = .object(o)
    }

    public func encodeStatus(into object: inout JSONObject) {
        status.encode(into: &object)
    }
}
