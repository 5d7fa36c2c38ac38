/// The parameters of Azure ML SDK v1's `AmlCompute.provisioning_configuration(...)` written as a YAML or JSON
/// mapping (`vm_size`, `vm_priority`, `min_nodes`, `max_nodes`, …), as an ``AmlCompute``. Recognised by those keys.
/// Defaults are v1's own signature (`vm_size` Standard_NC6 as its docstring says, `dedicated`, 0 nodes minimum,
/// 1800 seconds idle); `max_nodes` is mandatory, as v1's `validate_configuration` enforces despite its docs. The
/// name is `name` when given (v1 passes it to `ComputeTarget.create`), else the file stem.
public struct SDKv1AmlComputeAdapter: ManifestAdapter {
    public let name = "Azure ML SDK v1 AmlCompute provisioning configuration"

    /// The keys that identify the form.
    static let characteristicKeys = [
        "vm_size", "vm_priority", "min_nodes", "max_nodes", "idle_seconds_before_scaledown", "admin_user_password",
        "admin_user_ssh_key", "identity_type", "remote_login_port_public_access",
    ]

    /// SDK v1's documented default VM size.
    public static let defaultSize = "Standard_NC6"

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        root[key: "type"] == nil && Self.characteristicKeys.contains { root[key: $0] != nil }
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        let context = root.context
        let errorsBefore = context.errors.count
        let name = AzureMLNames.objectName(root, key: "name", fileStem: fileStem)
        var spec = AmlCompute.Spec(size: Self.defaultSize, idleTimeBeforeScaleDown: 1800)
        if let size = root.located("vm_size", root.string("vm_size")), !size.value.isEmpty {
            spec.size = AmlCompute.resolveSize(size, context: context) ?? size.value
        }
        if let priority = root.located("vm_priority", root.string("vm_priority")) {
            switch priority.value.lowercased() {
            case "dedicated": spec.tier = .dedicated
            case "lowpriority": spec.tier = .lowPriority
            default:
                context.notSupported(
                    priority.path,
                    priority.mark,
                    value: priority.value,
                    supported: ["dedicated", "lowpriority"]
                )
            }
        }
        let max = root.located("max_nodes", root.int("max_nodes"))
        if max == nil {
            context.required(
                root.path.child("max_nodes"),
                root.node.mark,
                "SDK v1 requires max_nodes (its documented default of 4 is not applied)"
            )
        }
        AmlCompute.applyScale(
            min: root.located("min_nodes", root.int("min_nodes")),
            max: max,
            idleSeconds: root.located("idle_seconds_before_scaledown", root.int("idle_seconds_before_scaledown")),
            to: &spec,
            context: context
        )
        let username = root.located("admin_username", root.string("admin_username"))
        let password = root.located("admin_user_password", root.string("admin_user_password"))
        let key = root.located("admin_user_ssh_key", root.string("admin_user_ssh_key"))
        if username != nil || password != nil || key != nil {
            spec.sshSettings = AmlCompute.SSHSettings.make(
                adminUsername: username,
                adminPassword: password,
                sshKeyValue: key,
                adminUsernameKey: "admin_username",
                parent: Located((), path: root.path, mark: root.node.mark),
                context: context
            )
        }
        spec.networkSettings = readNetwork(root)
        spec.tags = root.stringMap("tags", lenient: true) ?? [:]
        spec.description = root.string("description")
        if let access = root.enumeration(
            "remote_login_port_public_access",
            ["Enabled", "Disabled", "NotSpecified"],
            caseInsensitive: true
        ) {
            spec.sshPublicAccessEnabled = access == "NotSpecified" ? nil : access == "Enabled"
        }
        spec.identity = readIdentity(root)
        let location = root.located("location", root.string("location"))
        let computeLocation = root.located("compute_location", root.string("compute_location"))
        if let location, let computeLocation, location.value != computeLocation.value {
            context.invalid(
                computeLocation.path,
                computeLocation.mark,
                value: computeLocation.value,
                "conflicts with location \(FieldError.quote(location.value))"
            )
        }
        spec.location = location?.value ?? computeLocation?.value
        spec.enableNodePublicIp = root.bool("enable_node_public_ip") ?? true
        guard let name, context.errors.count == errorsBefore else { return [] }
        return [AmlCompute(metadata: ObjectMeta(name: name), spec: spec)]
    }

    /// v1 needs all three of `vnet_resourcegroup_name`, `vnet_name` and `subnet_name`, or none.
    private func readNetwork(_ root: MappingReader) -> AmlCompute.NetworkSettings? {
        let keys = ["vnet_resourcegroup_name", "vnet_name", "subnet_name"]
        let values = keys.map { root.located($0, root.string($0)) }
        let given = values.compactMap { $0 }
        guard !given.isEmpty else { return nil }
        guard given.count == keys.count else {
            let missing = zip(keys, values).filter { $0.1 == nil }.map(\.0)
            for key in missing {
                root.context.required(
                    root.path.child(key),
                    root.node.mark,
                    "a virtual network needs vnet_resourcegroup_name, vnet_name and subnet_name"
                )
            }
            return nil
        }
        return AmlCompute.NetworkSettings(
            vnetName: given[1].value,
            subnet: given[2].value,
            resourceGroup: given[0].value
        )
    }

    /// `identity_type: SystemAssigned | UserAssigned` with `identity_id`, a list of ARM ids; an id without a type
    /// is an error, as in v1.
    private func readIdentity(_ root: MappingReader) -> ManagedIdentity? {
        let ids: [Located<ManagedIdentity.UserAssignedIdentity>] =
            root.list("identity_id") { node, path in
                MappingReader.string(node, path: path, context: root.context).map {
                    Located(ManagedIdentity.UserAssignedIdentity(resourceId: $0), path: path, mark: node.mark)
                }
            } ?? []
        guard let type = root.located("identity_type", root.string("identity_type")) else {
            if root.has("identity_id") {
                root.context.required(
                    root.path.child("identity_type"),
                    root.mark("identity_id"),
                    "identity_id needs identity_type"
                )
            }
            return nil
        }
        guard ["systemassigned", "userassigned"].contains(type.value.lowercased()) else {
            root.context.notSupported(
                type.path,
                type.mark,
                value: type.value,
                supported: ["SystemAssigned", "UserAssigned"]
            )
            return nil
        }
        return ManagedIdentity.make(
            type: type.value.lowercased() == "systemassigned" ? "system_assigned" : "user_assigned",
            typePath: type.path,
            typeMark: type.mark,
            userAssigned: ids,
            listPath: root.path.child("identity_id"),
            listMark: root.mark("identity_id"),
            listGiven: root.has("identity_id"),
            context: root.context
        )
    }
}
