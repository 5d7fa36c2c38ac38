/// The status of an Azure resource that Skiff mirrors without its own status fields (an extension, an attached
/// compute): Azure's `provisioningState` plus Kubernetes conditions.
public struct ProvisioningStatus: Sendable, Equatable, EmptyInitializable {
    /// `Creating`, `Succeeded`, `Failed`, `Updating`, `Deleting` or `Canceled`, as Azure reports them.
    public var provisioningState: String
    /// Observations in Kubernetes' form (`Ready` with its reason).
    public var conditions: [Condition]

    public init() {
        provisioningState = ""
        conditions = []
    }

    /// Reads `status` from an object's root mapping.
    static func decode(from root: MappingReader) -> ProvisioningStatus? {
        root.mapping("status") { r in
            var status = ProvisioningStatus()
            status.provisioningState = r.string("provisioningState") ?? ""
            status.conditions = r.mappingList("conditions", Condition.decode) ?? []
            return status
        }
    }

    /// Writes `status` (nothing when empty).
    func encode(into object: inout JSONObject) {
        var status = JSONObject()
        status.put("provisioningState", nonEmpty: provisioningState)
        status.put("conditions", nonEmpty: conditions.map(\.encoded))
        object.put("status", nonEmpty: status)
    }
}
