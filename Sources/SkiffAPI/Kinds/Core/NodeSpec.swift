/// How a node may be used (Kubernetes' `v1.NodeSpec`), plus the capacity a user declares for a virtual node.
public struct NodeSpec: Sendable, Hashable {
    /// The pod IP range assigned to the node (`10.244.1.0/24`).
    public var podCIDR: String
    /// The provider's id of the machine (`azure:///subscriptions/…`, `skiff://local`).
    public var providerID: String
    /// Cordoned: no new pods are scheduled onto the node.
    public var unschedulable: Bool
    /// Taints that keep pods without a matching toleration off the node.
    public var taints: [Taint]
    /// The capacity a `kind: Node` manifest declares in `status.capacity` (empty for nodes that report their
    /// own, such as the local node). Manifests never carry observed status, so it is kept with the spec; the
    /// node controller copies it into `status.capacity`.
    public var declaredCapacity: ResourceList
    /// The declared `status.allocatable`; the declared capacity when the manifest gives none.
    public var declaredAllocatable: ResourceList

    /// A spec; `declaredAllocatable` defaults to `declaredCapacity`, as Kubernetes defaults allocatable.
    public init(
        podCIDR: String = "",
        providerID: String = "",
        unschedulable: Bool = false,
        taints: [Taint] = [],
        declaredCapacity: ResourceList = ResourceList(),
        declaredAllocatable: ResourceList? = nil
    ) {
        self.podCIDR = podCIDR
        self.providerID = providerID
        self.unschedulable = unschedulable
        self.taints = taints
        self.declaredCapacity = declaredCapacity
        self.declaredAllocatable = declaredAllocatable ?? declaredCapacity
    }
}

extension NodeSpec {
    /// The spec-side names under which declared capacity travels through the API and persistence, where
    /// `status.capacity` holds the observed value instead.
    static let declaredCapacityKey = "declaredCapacity"
    static let declaredAllocatableKey = "declaredAllocatable"

    /// Reads `spec`, validated as Kubernetes' `ValidateNode` (taints; `podCIDR` a CIDR). The declared capacity
    /// fields are read here only from API and persistence documents (`includeStatus`); a manifest declares them
    /// under `status` (see ``Node/decodeSpec(from:)``).
    static func decode(_ r: MappingReader) -> NodeSpec {
        var spec = NodeSpec()
        spec.podCIDR = r.string("podCIDR") ?? ""
        if !spec.podCIDR.isEmpty && !CIDR.isValid(spec.podCIDR) {
            r.context.invalid(
                r.path.child("podCIDR"),
                r.mark("podCIDR"),
                value: spec.podCIDR,
                "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
            )
        }
        spec.providerID = r.string("providerID") ?? ""
        spec.unschedulable = r.bool("unschedulable") ?? false
        spec.taints = Taint.decodeList(r, key: "taints") ?? []
        if r.context.includeStatus {
            let capacity = r.resourceList(declaredCapacityKey, keyedPaths: false)
            let allocatable = r.resourceList(declaredAllocatableKey, keyedPaths: false)
            spec.declaredCapacity = capacity?.list ?? ResourceList()
            spec.declaredAllocatable = allocatable?.list ?? spec.declaredCapacity
        }
        return spec
    }

    /// Reads a manifest's `status.capacity` and `status.allocatable` into the declared fields, validated as
    /// Kubernetes' `ValidateNodeResources` (non-negative; extended resources and `pods` whole). Anything else
    /// under `status` is an error: manifests declare, the node controller observes.
    mutating func readDeclaredStatus(_ status: YAMLNode, context: DecodeContext) {
        guard let r = MappingReader(status, path: FieldPath("status"), context: context) else { return }
        let capacity = r.resourceList("capacity", keyedPaths: false)
        let allocatable = r.resourceList("allocatable", keyedPaths: false)
        for (key, list) in [("capacity", capacity), ("allocatable", allocatable)] {
            guard let list else { continue }
            for entry in list.list {
                for problem in ResourceValidation.quantityProblems(entry.name, entry.quantity) {
                    context.invalid(
                        r.path.child(key).child(entry.name.rawValue),
                        list.marks[entry.name] ?? r.mark(key),
                        value: entry.quantity.canonical,
                        problem
                    )
                }
            }
        }
        for pair in status.pairs ?? [] {
            guard let key = pair.key.scalar?.value, key != "capacity", key != "allocatable" else { continue }
            context.forbidden(
                r.path.child(key),
                pair.key.mark,
                "a node manifest may declare only status.capacity and status.allocatable; "
                    + "the rest of status is observed"
            )
        }
        declaredCapacity = capacity?.list ?? ResourceList()
        declaredAllocatable = allocatable?.list ?? declaredCapacity
    }

    /// The spec as Kubernetes prints it, followed by the declared capacity when there is one.
    public var encoded: JSONValue {
        var o = JSONObject()
        o.put("podCIDR", nonEmpty: podCIDR)
        o.put("providerID", nonEmpty: providerID)
        if unschedulable { o["unschedulable"] = .bool(true) }
        o.put("taints", nonEmpty: taints.map(\.encoded))
        if !declaredCapacity.isEmpty { o[Self.declaredCapacityKey] = declaredCapacity.encoded }
        if !declaredCapacity.isEmpty || !declaredAllocatable.isEmpty {
            o[Self.declaredAllocatableKey] = declaredAllocatable.encoded
        }
        return .object(o)
    }
}
