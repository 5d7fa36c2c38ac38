/// The managed identity of a compute: one system-assigned identity, or one or more user-assigned identities —
/// never both (Azure ML's compute rule). The first user-assigned identity is the default one, which reaches pods
/// as `DEFAULT_IDENTITY_CLIENT_ID`.
public struct ManagedIdentity: Sendable, Hashable {
    /// Which kind of identity; the values are Azure ML CLI v2's (`system_assigned`, `user_assigned`).
    public enum IdentityType: String, Sendable, Hashable, CaseIterable {
        case systemAssigned = "system_assigned"
        case userAssigned = "user_assigned"
    }

    /// One user-assigned identity, named by its ARM resource id.
    public struct UserAssignedIdentity: Sendable, Hashable {
        /// The identity's ARM resource id.
        public var resourceId: String
        /// The identity's client id, when known.
        public var clientId: String?
        /// The identity's principal id, when known.
        public var principalId: String?

        public init(resourceId: String, clientId: String? = nil, principalId: String? = nil) {
            self.resourceId = resourceId
            self.clientId = clientId
            self.principalId = principalId
        }
    }

    /// System-assigned or user-assigned.
    public var type: IdentityType
    /// Empty for a system-assigned identity.
    public var userAssignedIdentities: [UserAssignedIdentity]

    public init(type: IdentityType, userAssignedIdentities: [UserAssignedIdentity] = []) {
        self.type = type
        self.userAssignedIdentities = userAssignedIdentities
    }

    /// The identity pods get by default: the first user-assigned one.
    public var defaultIdentity: UserAssignedIdentity? { userAssignedIdentities.first }

    /// The identity as Skiff's kinds print it.
    public var encoded: JSONValue {
        var object = JSONObject()
        object["type"] = .string(type.rawValue)
        object.put(
            "userAssignedIdentities",
            nonEmpty: userAssignedIdentities.map { identity in
                var entry = JSONObject()
                entry["resourceId"] = .string(identity.resourceId)
                entry.put("clientId", nonEmpty: identity.clientId)
                entry.put("principalId", nonEmpty: identity.principalId)
                return .object(entry)
            }
        )
        return .object(object)
    }
}

extension ManagedIdentity {
    /// Reads `identity` as Skiff's kinds (camelCase) and Azure ML's CLI v2 (snake_case) write it:
    /// `{type, userAssignedIdentities: [{resourceId, clientId, principalId}]}`. `type` accepts the SDK's spellings
    /// (`system_assigned`, `SystemAssigned`, `none`). Returns nil for `none` and on errors.
    public static func decode(_ r: MappingReader, naming: FieldNaming) -> ManagedIdentity? {
        let typeKey = naming("type")
        let listKey = naming("userAssignedIdentities")
        let typeText = r.string(typeKey, required: true)
        let identities: [Located<UserAssignedIdentity>] =
            r.mappingList(listKey) { e -> Located<UserAssignedIdentity>? in
                let resourceId = e.string(naming("resourceId"), required: true)
                let identity = UserAssignedIdentity(
                    resourceId: resourceId ?? "",
                    clientId: e.string(naming("clientId")),
                    principalId: e.string(naming("principalId"))
                )
                return Located(identity, path: e.path.child(naming("resourceId")), mark: e.mark(naming("resourceId")))
            } ?? []
        r.ignore(naming("principalId"))
        r.ignore(naming("tenantId"))
        guard let typeText else { return nil }
        return make(
            type: typeText,
            typePath: r.path.child(typeKey),
            typeMark: r.mark(typeKey),
            userAssigned: identities,
            listPath: r.path.child(listKey),
            listMark: r.mark(listKey),
            listGiven: r.has(listKey),
            context: r.context
        )
    }

    /// Builds and checks an identity from whichever form it was written in (CLI v2, REST, SDK v1): the type text
    /// (compared as the SDK does, so `UserAssigned` is `user_assigned`) and the user-assigned identities found.
    public static func make(
        type typeText: String,
        typePath: FieldPath,
        typeMark: Mark,
        userAssigned: [Located<UserAssignedIdentity>],
        listPath: FieldPath,
        listMark: Mark,
        listGiven: Bool,
        context: DecodeContext
    ) -> ManagedIdentity? {
        let normalized = FieldNaming.normalizedEnumValue(typeText).replacingAll(" ", with: "")
        let type: IdentityType
        switch normalized {
        case "none":
            if listGiven {
                context.forbidden(listPath, listMark, "may not be set when the identity type is none")
            }
            return nil
        case "system_assigned,user_assigned", "user_assigned,system_assigned":
            context.invalid(
                typePath,
                typeMark,
                value: typeText,
                "a compute has one system-assigned identity or user-assigned identities, not both"
            )
            return nil
        default:
            guard let known = IdentityType(rawValue: normalized) else {
                context.notSupported(
                    typePath,
                    typeMark,
                    value: typeText,
                    supported: IdentityType.allCases.map(\.rawValue)
                )
                return nil
            }
            type = known
        }
        switch type {
        case .systemAssigned:
            if !userAssigned.isEmpty {
                context.forbidden(listPath, listMark, "may only be set when the identity type is user_assigned")
                return nil
            }
            return ManagedIdentity(type: .systemAssigned)
        case .userAssigned:
            if userAssigned.isEmpty {
                context.required(listPath, listMark, "a user_assigned identity needs at least one identity")
                return nil
            }
            var seen = Set<String>()
            var ok = true
            for located in userAssigned {
                let id = located.value.resourceId
                if id.isEmpty {
                    ok = false
                    continue
                }
                if !seen.insert(id.lowercased()).inserted {
                    context.error(located.path, located.mark, "Duplicate value: \(FieldError.quote(id))")
                    ok = false
                } else if !looksLikeIdentityID(id) {
                    context.warning(
                        located.path,
                        located.mark,
                        "\(FieldError.quote(id)) does not look like a user-assigned identity's ARM id "
                            + "(/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME)"
                    )
                }
            }
            return ok ? ManagedIdentity(type: .userAssigned, userAssignedIdentities: userAssigned.map(\.value)) : nil
        }
    }

    /// Whether `id` has the shape of a user-assigned identity's ARM resource id.
    public static func looksLikeIdentityID(_ id: String) -> Bool {
        let parts = id.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 9 && parts[0].isEmpty && parts[1] == "subscriptions" && parts[3] == "resourcegroups"
            && parts[5] == "providers" && parts[6] == "microsoft.managedidentity"
            && parts[7] == "userassignedidentities" && !parts[2].isEmpty && !parts[4].isEmpty && !parts[8].isEmpty
    }
}
