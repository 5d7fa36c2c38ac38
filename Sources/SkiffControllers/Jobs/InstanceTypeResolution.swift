/// Resolves `resources.instance_type` (or its absence) to an instance type (reference §1.3, §1.4):
/// - named: on a KubernetesCompute that lists instance types, it must be one of them (the compute's entry gives
///   its spec, else the InstanceType object of that name); otherwise an InstanceType object, or the built-in
///   default when it is `defaultinstancetype`;
/// - not named: the compute's `defaultInstanceType`, else a declared `defaultinstancetype` InstanceType, else the
///   built-in default;
/// - on an AmlCompute, a job that names no instance type gets a whole node of the VM size: its cpu, memory and
///   GPUs (one instance is one node, as Azure ML runs it).
enum InstanceTypeResolution {
    /// The built-in `defaultinstancetype` (DOCS-IT 11/2022 → 07/2025, the current documentation's YAML):
    /// requests cpu 100m, memory 2Gi; limits cpu 2, memory 2Gi; no GPU.
    static let builtInDefault = InstanceType.Spec(
        resources: InstanceTypeResources(
            requests: [.cpu: Quantity(milli: 100), .memory: Quantity(2 * 1024 * 1024 * 1024, format: .binarySI)],
            limits: [.cpu: Quantity(2), .memory: Quantity(2 * 1024 * 1024 * 1024, format: .binarySI)]
        )
    )

    static func resolve(
        _ job: Job,
        compute: ResolvedCompute,
        store: any ObjectStore
    ) throws -> ResolvedInstanceType {
        var resolved: ResolvedInstanceType
        if case .kubernetes(let kc) = compute.target {
            let listed = kc.spec.instanceTypes
            if let named = job.spec.instanceType {
                if !listed.isEmpty && listed[named] == nil {
                    throw JobRefusal(
                        "InstanceTypeNotAllowed",
                        "instance type \"\(named)\" is not among compute \"\(kc.metadata.name)\"'s instance types: "
                            + listed.keys.sorted().joined(separator: ", ")
                    )
                }
                resolved = try lookUp(named, listedBy: kc, store: store)
            } else {
                resolved = try lookUp(kc.effectiveDefaultInstanceType, listedBy: kc, store: store)
            }
        } else {
            resolved = try lookUp(job.spec.instanceType ?? InstanceType.defaultName, listedBy: nil, store: store)
        }
        if case .aml(_, let size?) = compute.target, job.spec.instanceType == nil {
            // As in Azure ML, one instance is one whole node: the pod asks for everything the node offers.
            let whole = size.capacity
            resolved.spec.resources.limits = whole
            resolved.spec.resources.requests = whole
            resolved.origin = "a whole \(size.name) node"
            if size.gpus > 0 { resolved.origin += ", with all \(size.gpus) GPUs" }
        }
        return resolved
    }

    private static func lookUp(
        _ name: String,
        listedBy kc: KubernetesCompute?,
        store: any ObjectStore
    ) throws -> ResolvedInstanceType {
        if let spec = kc?.spec.instanceTypes[name] {
            return ResolvedInstanceType(name: name, spec: spec, origin: "compute \"\(kc!.metadata.name)\"")
        }
        if let object = store.get(InstanceType.self, name: name) {
            return ResolvedInstanceType(name: name, spec: object.spec, origin: "declared")
        }
        if name == InstanceType.defaultName {
            return ResolvedInstanceType(name: name, spec: builtInDefault, origin: "built-in")
        }
        throw JobRefusal("InstanceTypeNotFound", "instance type \"\(name)\" not found: no InstanceType has that name")
    }
}
