/// The kinds Skiff knows, looked up by apiVersion and kind (manifests) or by the names kubectl accepts
/// (plural, singular, short name, kind; case-insensitive; optionally qualified `name.group`).
public struct KindRegistry: Sendable {
    public let types: [any APIObject.Type]
    private let byGroupKind: [GroupKind: any APIObject.Type]
    private let byName: [String: [any APIObject.Type]]

    public init(_ types: [any APIObject.Type]) {
        self.types = types
        var byGroupKind: [GroupKind: any APIObject.Type] = [:]
        var byName: [String: [any APIObject.Type]] = [:]
        for type in types {
            let r = type.resource
            byGroupKind[r.groupKind] = type
            let names = Set([r.plural, r.singular, r.kind.lowercased()] + r.shortNames.map { $0.lowercased() })
            for name in names {
                byName[name, default: []].append(type)
                if !r.group.isEmpty { byName["\(name).\(r.group)", default: []].append(type) }
            }
        }
        self.byGroupKind = byGroupKind
        self.byName = byName
    }

    /// The type declared by `apiVersion` (`group/version` or `v1`) and `kind`.
    public func type(apiVersion: String, kind: String) -> (any APIObject.Type)? {
        let group = apiVersion.split(separator: "/", maxSplits: 1).count == 2
            ? String(apiVersion.split(separator: "/", maxSplits: 1)[0]) : ""
        guard let type = byGroupKind[GroupKind(group: group, kind: kind)] else { return nil }
        return type.resource.apiVersion == apiVersion ? type : nil
    }

    /// The type for a group and kind, whatever the version.
    public func type(for groupKind: GroupKind) -> (any APIObject.Type)? {
        byGroupKind[groupKind]
    }

    /// The types a kubectl-style name refers to (`it`, `instancetypes`, `InstanceType`,
    /// `instancetype.amlarc.azureml.com`). Core kinds come first when a short name is ambiguous.
    public func resolve(_ name: String) -> [any APIObject.Type] {
        byName[name.lowercased()] ?? []
    }

    /// Every kind in a category (`all`, `skiff`).
    public func category(_ category: String) -> [any APIObject.Type] {
        types.filter { $0.resource.categories.contains(category) }
    }

    /// The supported apiVersions for a kind name, for "no kind X is registered for version Y" messages.
    public func apiVersions(ofKind kind: String) -> [String] {
        types.filter { $0.resource.kind == kind }.map { $0.resource.apiVersion }
    }
}
