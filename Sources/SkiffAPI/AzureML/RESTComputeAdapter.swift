/// Azure ML's REST/ARM compute bodies (`workspaces/computes`, `properties.computeType` `AmlCompute` or
/// `Kubernetes`) as ``AmlCompute`` and ``KubernetesCompute`` objects. Also reads the REST specification's example
/// files: the request body under `parameters.parameters` (named by `parameters.computeName`) when there is one —
/// it is the desired state — otherwise the `responses.200` (or first) response's `body`. Read-only fields (node
/// counts, allocation state) become status when status is read, and are accepted otherwise.
public struct RESTComputeAdapter: ManifestAdapter {
    public let name = "Azure ML REST compute body"

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        if Self.isBody(root) { return true }
        if let request = root[key: "parameters"]?[key: "parameters"], Self.isBody(request) { return true }
        return Self.exampleResponse(root) != nil
    }

    private static func isBody(_ node: YAMLNode) -> Bool {
        node[key: "properties"]?[key: "computeType"]?.scalar != nil
    }

    /// The response an example file's body is read from: `200`, else `201`, else the first with a compute body.
    private static func exampleResponse(_ root: YAMLNode) -> (code: String, body: YAMLNode)? {
        guard let responses = root[key: "responses"]?.pairs else { return nil }
        let ordered =
            responses.filter { $0.key.scalar?.value == "200" } + responses.filter { $0.key.scalar?.value == "201" }
            + responses
        for pair in ordered {
            if let body = pair.value[key: "body"], isBody(body) { return (pair.key.scalar?.value ?? "", body) }
        }
        return nil
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        if Self.isBody(root.node) {
            return decodeBody(root, name: nil, fileStem: fileStem)
        }
        let context = root.context
        for key in ["title", "operationId", "description"] { root.ignore(key) }
        if root.node[key: "parameters"]?[key: "parameters"] != nil {
            root.ignore("responses")
            return root.mapping("parameters") { p in
                for key in ["subscriptionId", "resourceGroupName", "workspaceName", "api-version"] { p.ignore(key) }
                let name = p.located("computeName", p.string("computeName"))
                return p.mapping("parameters") { decodeBody($0, name: name, fileStem: fileStem) }
            } ?? []
        }
        root.ignore("parameters")
        root.ignore("responses")
        guard let (code, body) = Self.exampleResponse(root.node) else { return [] }
        let path = FieldPath("responses").key(code).child("body")
        guard let reader = MappingReader(body, path: path, context: context) else { return [] }
        let objects = decodeBody(reader, name: nil, fileStem: fileStem)
        reader.finish()
        return objects
    }

    private func decodeBody(_ b: MappingReader, name written: Located<String>?, fileStem: String) -> [any APIObject] {
        let context = b.context
        let errorsBefore = context.errors.count
        for key in ["id", "type", "systemData", "sku"] { b.ignore(key) }
        let name: String?
        if let written {
            name = AzureMLNames.convert(written.value, path: written.path, mark: written.mark, context: context)
        } else {
            name = AzureMLNames.objectName(b, key: "name", fileStem: fileStem)
        }
        let location = b.string("location")
        let tags = b.stringMap("tags", lenient: true) ?? [:]
        let identity = b.mapping("identity") { Self.readARMIdentity($0) }
        let object: (any APIObject)? = b.mapping("properties", required: true) { p -> (any APIObject)? in
            for key in ["createdOn", "modifiedOn", "provisioningErrors", "isAttachedCompute", "disableLocalAuth"] {
                p.ignore(key)
            }
            let provisioningState = p.string("provisioningState")
            guard let computeType = p.string("computeType", required: true) else { return nil }
            switch computeType.lowercased() {
            case "amlcompute":
                p.ignore("resourceId")
                var compute = AmlCompute(metadata: ObjectMeta(name: name ?? ""), spec: AmlCompute.Spec())
                compute.spec.description = p.string("description")
                compute.spec.location = p.string("computeLocation") ?? location
                compute.spec.identity = identity
                compute.spec.tags = tags
                compute.status.provisioningState = context.includeStatus ? provisioningState ?? "" : ""
                p.mapping("properties") { readAmlComputeProperties($0, into: &compute) }
                return compute
            case "kubernetes":
                var spec = KubernetesCompute.Spec()
                spec.description = p.string("description")
                spec.resourceId = p.string("resourceId")
                spec.location = p.string("computeLocation") ?? location
                spec.identity = identity
                _ = p.mapping("properties") { KubernetesPropertiesReader.read($0, into: &spec) }
                var compute = KubernetesCompute(metadata: ObjectMeta(name: name ?? ""), spec: spec)
                compute.status.provisioningState = context.includeStatus ? provisioningState ?? "" : ""
                return compute
            default:
                for key in p.keys { p.ignore(key) }
                context.notSupported(
                    p.path.child("computeType"),
                    p.mark("computeType"),
                    value: computeType,
                    supported: ["AmlCompute", "Kubernetes"]
                )
                return nil
            }
        }
        guard let object, name != nil, context.errors.count == errorsBefore else { return [] }
        return [object]
    }

    /// ARM's identity: `{type: SystemAssigned | UserAssigned | "SystemAssigned,UserAssigned" | None,
    /// userAssignedIdentities: {<ARM id>: {principalId, clientId}}}`.
    static func readARMIdentity(_ r: MappingReader) -> ManagedIdentity? {
        r.ignore("principalId")
        r.ignore("tenantId")
        var identities: [Located<ManagedIdentity.UserAssignedIdentity>] = []
        if let node = r.node("userAssignedIdentities") {
            let path = r.path.child("userAssignedIdentities")
            if let pairs = node.pairs {
                for pair in pairs {
                    guard let id = pair.key.scalar?.value else { continue }
                    let details = MappingReader(pair.value, path: path.key(id), context: r.context)
                    let identity = ManagedIdentity.UserAssignedIdentity(
                        resourceId: id,
                        clientId: details?.string("clientId"),
                        principalId: details?.string("principalId")
                    )
                    details?.finish()
                    identities.append(Located(identity, path: path.key(id), mark: pair.key.mark))
                }
            } else if !(node.scalar.map { $0.kind == .null } ?? false) {
                r.context.error(path, node.mark, "expected a mapping of ARM ids, found \(node.kindDescription)")
            }
        }
        guard let type = r.string("type", required: true) else { return nil }
        return ManagedIdentity.make(
            type: type,
            typePath: r.path.child("type"),
            typeMark: r.mark("type"),
            userAssigned: identities,
            listPath: r.path.child("userAssignedIdentities"),
            listMark: r.mark("userAssignedIdentities"),
            listGiven: !identities.isEmpty,
            context: r.context
        )
    }

    /// REST `AmlComputeProperties`.
    private func readAmlComputeProperties(_ r: MappingReader, into compute: inout AmlCompute) {
        let context = r.context
        if let os = r.located("osType", r.string("osType")) {
            compute.spec.osType = AmlCompute.parseOSType(os, context: context) ?? .linux
        }
        if let size = r.located("vmSize", r.string("vmSize")) {
            compute.spec.size = AmlCompute.resolveSize(size, context: context) ?? size.value
        }
        if let priority = r.located("vmPriority", r.string("vmPriority")) {
            compute.spec.tier = AmlCompute.parseTier(priority, context: context) ?? .dedicated
        }
        if r.node("virtualMachineImage") != nil {
            context.warning(
                r.path.child("virtualMachineImage"),
                r.mark("virtualMachineImage"),
                "ignored: Skiff's nodes do not use custom images"
            )
        }
        r.ignore("isolatedNetwork")
        r.ignore("propertyBag")
        r.mapping("scaleSettings") { s in
            let max = s.located("maxNodeCount", s.int("maxNodeCount", required: true))
            let min = s.located("minNodeCount", s.int("minNodeCount"))
            var idle: Located<Int64>?
            if let text = s.located("nodeIdleTimeBeforeScaleDown", s.string("nodeIdleTimeBeforeScaleDown")) {
                if let seconds = ISO8601Duration.seconds(text.value) {
                    idle = Located(seconds, path: text.path, mark: text.mark)
                } else {
                    context.invalid(
                        text.path,
                        text.mark,
                        value: text.value,
                        "expected an ISO 8601 duration such as PT120S"
                    )
                }
            }
            AmlCompute.applyScale(min: min, max: max, idleSeconds: idle, to: &compute.spec, context: context)
        }
        compute.spec.sshSettings = r.mapping("userAccountCredentials") { c in
            AmlCompute.SSHSettings.make(
                adminUsername: c.located("adminUserName", c.string("adminUserName", required: true)),
                adminPassword: c.located("adminUserPassword", c.string("adminUserPassword")),
                sshKeyValue: c.located("adminUserSshPublicKey", c.string("adminUserSshPublicKey")),
                adminUsernameKey: "adminUserName",
                parent: Located((), path: c.path, mark: c.node.mark),
                context: context
            )
        }
        compute.spec.networkSettings = r.mapping("subnet") { s in
            s.string("id", required: true).map { AmlCompute.NetworkSettings(subnet: $0) }
        }
        if let access = r.enumeration(
            "remoteLoginPortPublicAccess",
            ["Enabled", "Disabled", "NotSpecified"],
            caseInsensitive: true
        ) {
            compute.spec.sshPublicAccessEnabled = access == "NotSpecified" ? nil : access == "Enabled"
        }
        compute.spec.enableNodePublicIp = r.bool("enableNodePublicIp") ?? true
        let statusKeys = [
            "allocationState", "allocationStateTransitionTime", "errors", "currentNodeCount", "targetNodeCount",
            "nodeStateCounts",
        ]
        guard context.includeStatus else {
            for key in statusKeys { r.ignore(key) }
            return
        }
        if let state = r.located("allocationState", r.string("allocationState")) {
            compute.status.allocationState = AmlCompute.parseAllocationState(state, context: context)
        }
        compute.status.allocationStateTransitionTime = r.timestamp("allocationStateTransitionTime")
        compute.status.currentNodeCount = Int(clamping: r.int("currentNodeCount") ?? 0)
        compute.status.targetNodeCount = Int(clamping: r.int("targetNodeCount") ?? 0)
        compute.status.nodeStateCounts =
            r.mapping("nodeStateCounts") { AmlCompute.NodeStateCounts.decode($0) } ?? AmlCompute.NodeStateCounts()
        let errorsNode = r.node("errors")
        if let errorsNode, case .array(let entries) = JSONValue(yaml: errorsNode) {
            compute.status.errors = entries.map { entry in
                let detail = entry["error"] ?? entry
                return AmlCompute.ComputeError(
                    code: detail["code"]?.stringValue ?? "",
                    message: detail["message"]?.stringValue ?? ""
                )
            }
        }
    }
}
