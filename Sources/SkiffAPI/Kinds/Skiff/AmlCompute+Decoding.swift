extension AmlCompute {
    /// Reads an AmlCompute spec as Skiff's kind (camelCase, inside `spec`) or Azure ML's CLI v2 (snake_case, at
    /// the top level of a `type: amlcompute` document) writes it, applying defaults and validating. The CLI form
    /// has no `osType` and no `networkSettings.resourceGroup`.
    public static func decode(_ r: MappingReader, naming: FieldNaming) -> Spec? {
        let errorsBefore = r.context.errors.count
        var spec = Spec()
        if let size = r.located(naming("size"), r.string(naming("size"))) {
            spec.size = resolveSize(size, context: r.context) ?? size.value
        }
        if let tier = r.located(naming("tier"), r.string(naming("tier"))) {
            spec.tier = parseTier(tier, context: r.context) ?? .dedicated
        }
        let minInstances = r.located(naming("minInstances"), r.int(naming("minInstances")))
        let maxInstances = r.located(naming("maxInstances"), r.int(naming("maxInstances")))
        let idle = r.located(naming("idleTimeBeforeScaleDown"), r.int(naming("idleTimeBeforeScaleDown")))
        spec.location = r.string(naming("location"))
        spec.description = r.string(naming("description"))
        spec.identity = r.mapping(naming("identity")) { ManagedIdentity.decode($0, naming: naming) }
        spec.sshSettings = r.mapping(naming("sshSettings")) { s in
            SSHSettings.make(
                adminUsername: s.located(naming("adminUsername"), s.string(naming("adminUsername"))),
                adminPassword: s.located(naming("adminPassword"), s.string(naming("adminPassword"))),
                sshKeyValue: s.located(naming("sshKeyValue"), s.string(naming("sshKeyValue"))),
                adminUsernameKey: naming("adminUsername"),
                parent: Located((), path: s.path, mark: s.node.mark),
                context: s.context
            )
        }
        spec.sshPublicAccessEnabled = r.bool(naming("sshPublicAccessEnabled"))
        spec.networkSettings = r.mapping(naming("networkSettings")) { n in
            n.ignore(naming("publicIpAddress"))
            n.ignore(naming("privateIpAddress"))
            return NetworkSettings.make(
                vnetName: n.located(naming("vnetName"), n.string(naming("vnetName"))),
                subnet: n.located(naming("subnet"), n.string(naming("subnet"), required: true)),
                resourceGroup: naming == .camelCase
                    ? n.located("resourceGroup", n.string("resourceGroup")) : nil,
                context: n.context
            )
        }
        spec.enableNodePublicIp = r.bool(naming("enableNodePublicIp")) ?? true
        if naming == .camelCase, let os = r.located("osType", r.string("osType")) {
            spec.osType = parseOSType(os, context: r.context) ?? .linux
        }
        spec.tags = r.stringMap(naming("tags")) ?? [:]
        applyScale(min: minInstances, max: maxInstances, idleSeconds: idle, to: &spec, context: r.context)
        return r.context.errors.count == errorsBefore ? spec : nil
    }

    /// Resolves a VM size against the built-in catalog, case-insensitively; nil (with an error) when unknown.
    public static func resolveSize(_ size: Located<String>, context: DecodeContext) -> String? {
        if let known = VMSizeCatalog.builtIn.size(named: size.value) { return known.name }
        context.invalid(
            size.path,
            size.mark,
            value: size.value,
            "not a VM size in Skiff's catalog (for example \(FieldError.quote(defaultSize)) or "
                + "\(FieldError.quote("Standard_NC6s_v3")))"
        )
        return nil
    }

    /// `dedicated` or `low_priority`, compared as the SDK does (`LowPriority` and `lowpriority` are
    /// `low_priority`).
    public static func parseTier(_ tier: Located<String>, context: DecodeContext) -> Tier? {
        let normalized = FieldNaming.normalizedEnumValue(tier.value)
        if normalized == "lowpriority" { return .lowPriority }
        if let known = Tier(rawValue: normalized) { return known }
        context.notSupported(tier.path, tier.mark, value: tier.value, supported: Tier.allCases.map(\.rawValue))
        return nil
    }

    /// `Linux` or `Windows`, case-insensitively.
    public static func parseOSType(_ os: Located<String>, context: DecodeContext) -> OSType? {
        if let known = OSType.allCases.first(where: { $0.rawValue.lowercased() == os.value.lowercased() }) {
            return known
        }
        context.notSupported(os.path, os.mark, value: os.value, supported: OSType.allCases.map(\.rawValue))
        return nil
    }

    /// Applies the scale settings that were given (others keep the spec's defaults) and checks
    /// `maxInstances ≥ minInstances ≥ 0` and a non-negative idle time.
    public static func applyScale(
        min: Located<Int64>?,
        max: Located<Int64>?,
        idleSeconds: Located<Int64>?,
        to spec: inout Spec,
        context: DecodeContext
    ) {
        for located in [min, max, idleSeconds].compactMap({ $0 }) where located.value < 0 {
            context.error(
                located.path,
                located.mark,
                "Invalid value: \(located.value): must be greater than or equal to 0"
            )
        }
        if let min, min.value >= 0, min.value <= Int64(Int32.max) { spec.minInstances = Int(min.value) }
        if let max, max.value >= 0, max.value <= Int64(Int32.max) { spec.maxInstances = Int(max.value) }
        if let idleSeconds, idleSeconds.value >= 0 { spec.idleTimeBeforeScaleDown = idleSeconds.value }
        for located in [min, max].compactMap({ $0 }) where located.value > Int64(Int32.max) {
            context.error(located.path, located.mark, "Invalid value: \(located.value): must be at most \(Int32.max)")
        }
        if spec.maxInstances < spec.minInstances, let site = max ?? min {
            let detail =
                max == nil
                ? "must be less than or equal to the maximum of \(spec.maxInstances) instances"
                : "must be greater than or equal to the minimum of \(spec.minInstances) instances"
            context.error(site.path, site.mark, "Invalid value: \(site.value): \(detail)")
        }
    }

    /// `Steady` or `Resizing`, compared case-insensitively (BatchAI-era payloads write `steady`).
    public static func parseAllocationState(_ state: Located<String>, context: DecodeContext) -> AllocationState? {
        if let known = AllocationState.allCases.first(where: { $0.rawValue.lowercased() == state.value.lowercased() }) {
            return known
        }
        context.notSupported(
            state.path,
            state.mark,
            value: state.value,
            supported: AllocationState.allCases.map(\.rawValue)
        )
        return nil
    }

    /// Reads status in Skiff's camelCase (REST's names, plus conditions).
    static func decodeStatus(_ r: MappingReader) -> Status {
        var status = Status()
        status.provisioningState = r.string("provisioningState") ?? ""
        if let state = r.located("allocationState", r.string("allocationState")) {
            status.allocationState = parseAllocationState(state, context: r.context)
        }
        status.allocationStateTransitionTime = r.timestamp("allocationStateTransitionTime")
        status.currentNodeCount = Int(clamping: r.int("currentNodeCount") ?? 0)
        status.targetNodeCount = Int(clamping: r.int("targetNodeCount") ?? 0)
        status.nodeStateCounts = r.mapping("nodeStateCounts") { NodeStateCounts.decode($0) } ?? NodeStateCounts()
        status.errors =
            r.mappingList("errors") { e in
                ComputeError(code: e.string("code") ?? "", message: e.string("message") ?? "")
            } ?? []
        status.conditions = r.mappingList("conditions", Condition.decode) ?? []
        status.nodes =
            r.mappingList("nodes") { n in NodeEntry(name: n.string("name") ?? "", state: n.string("state") ?? "") }
            ?? []
        status.scaleHistory =
            r.mappingList("scaleHistory") { e in
                ScaleEvent(
                    time: e.timestamp("time") ?? Timestamp(seconds: 0),
                    from: Int(clamping: e.int("from") ?? 0),
                    to: Int(clamping: e.int("to") ?? 0),
                    reason: e.string("reason") ?? ""
                )
            } ?? []
        return status
    }
}

extension AmlCompute.NodeStateCounts {
    /// Reads `nodeStateCounts` (REST and Skiff spell it the same).
    static func decode(_ r: MappingReader) -> Self {
        func count(_ key: String) -> Int { Int(clamping: r.int(key) ?? 0) }
        return Self(
            idle: count("idleNodeCount"),
            running: count("runningNodeCount"),
            preparing: count("preparingNodeCount"),
            unusable: count("unusableNodeCount"),
            leaving: count("leavingNodeCount"),
            preempted: count("preemptedNodeCount")
        )
    }

    var encoded: JSONValue {
        .object([
            "idleNodeCount": .int(Int64(idleNodeCount)),
            "runningNodeCount": .int(Int64(runningNodeCount)),
            "preparingNodeCount": .int(Int64(preparingNodeCount)),
            "unusableNodeCount": .int(Int64(unusableNodeCount)),
            "leavingNodeCount": .int(Int64(leavingNodeCount)),
            "preemptedNodeCount": .int(Int64(preemptedNodeCount)),
        ])
    }
}

extension AmlCompute.SSHSettings {
    /// Builds and checks the administrator account as SDK v1's `validate_configuration` does: a user name with a
    /// password or an SSH key; a password with at least three of lowercase, uppercase, digit and special
    /// characters. `parent` locates the settings block for "Required value" errors.
    public static func make(
        adminUsername: Located<String>?,
        adminPassword: Located<String>?,
        sshKeyValue: Located<String>?,
        adminUsernameKey: String,
        parent: Located<Void>,
        context: DecodeContext
    ) -> Self? {
        let password = adminPassword.flatMap { $0.value.isEmpty ? nil : $0 }
        let key = sshKeyValue.flatMap { $0.value.isEmpty ? nil : $0 }
        guard let adminUsername, !adminUsername.value.isEmpty else {
            context.required(
                adminUsername?.path ?? parent.path.child(adminUsernameKey),
                adminUsername?.mark ?? parent.mark,
                "an administrator account needs a user name"
            )
            return nil
        }
        if password == nil && key == nil {
            context.required(
                parent.path,
                parent.mark,
                "the administrator \(FieldError.quote(adminUsername.value)) needs a password or an SSH public key"
            )
            return nil
        }
        if let password, !isComplexPassword(password.value) {
            context.error(
                password.path,
                password.mark,
                "Invalid value: the password must contain at least 3 of: a lowercase letter, an uppercase letter, "
                    + "a digit, a special character"
            )
            return nil
        }
        return Self(adminUsername: adminUsername.value, adminPassword: password?.value, sshKeyValue: key?.value)
    }

    /// Whether a password has characters of at least three of the four classes Azure requires.
    public static func isComplexPassword(_ password: String) -> Bool {
        var lower = false
        var upper = false
        var digit = false
        var special = false
        for character in password {
            if character.isASCII && character.isLowercase {
                lower = true
            } else if character.isASCII && character.isUppercase {
                upper = true
            } else if character.isASCII && character.isNumber {
                digit = true
            } else {
                special = true
            }
        }
        return [lower, upper, digit, special].filter { $0 }.count >= 3
    }
}

extension AmlCompute.NetworkSettings {
    /// Builds and checks a network placement: a subnet is needed; a subnet given as a full ARM id takes no separate
    /// virtual network name (CLI v2's rule).
    public static func make(
        vnetName: Located<String>?,
        subnet: Located<String>?,
        resourceGroup: Located<String>?,
        context: DecodeContext
    ) -> Self? {
        guard let subnet else { return nil }
        let isARMID = subnet.value.lowercased().hasPrefix("/subscriptions/")
        if isARMID, let vnetName {
            context.forbidden(vnetName.path, vnetName.mark, "may not be set when the subnet is a full ARM id")
            return nil
        }
        return Self(vnetName: vnetName?.value, subnet: subnet.value, resourceGroup: resourceGroup?.value)
    }
}
