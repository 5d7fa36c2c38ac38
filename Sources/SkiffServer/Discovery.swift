/// Discovery documents built from the registry: the legacy ones (`/api`, `/apis`, `/api/v1`, `/apis/GROUP/VERSION`)
/// and the aggregated `apidiscovery.k8s.io/v2` lists kubectl asks for first (see `Discovery+Aggregated.swift`).
public struct Discovery: Sendable {
    public let registry: KindRegistry

    public init(registry: KindRegistry) {
        self.registry = registry
    }

    /// `/api`: the core group's versions.
    public var coreVersions: JSONValue {
        .object([
            "kind": .string("APIVersions"),
            "versions": .strings(["v1"]),
            "serverAddressByClientCIDRs": .array([]),
        ])
    }

    /// The named groups, sorted, each with its versions.
    public var groups: [String: [String]] {
        var groups: [String: [String]] = [:]
        for type in registry.types where !type.resource.group.isEmpty {
            let r = type.resource
            if !(groups[r.group]?.contains(r.version) ?? false) { groups[r.group, default: []].append(r.version) }
        }
        return groups
    }

    /// `/apis`: every named group.
    public var groupList: JSONValue {
        let items: [JSONValue] = groups.keys.sorted().map { group in
            let versions: [JSONValue] = groups[group]!.map { version in
                .object(["groupVersion": .string("\(group)/\(version)"), "version": .string(version)])
            }
            return .object([
                "name": .string(group),
                "versions": .array(versions),
                "preferredVersion": versions[0],
            ])
        }
        return .object(["kind": .string("APIGroupList"), "apiVersion": .string("v1"), "groups": .array(items)])
    }

    /// `/api/v1` or `/apis/GROUP/VERSION`; nil for an unknown group/version.
    public func resourceList(group: String, version: String) -> JSONValue? {
        let types = registry.types.filter { $0.resource.group == group && $0.resource.version == version }
        guard !types.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for type in types.sorted(by: { $0.resource.plural < $1.resource.plural }) {
            let r = type.resource
            var entry = JSONObject()
            entry["name"] = .string(r.plural)
            entry["singularName"] = .string(r.singular)
            entry["namespaced"] = .bool(r.namespaced)
            entry["kind"] = .string(r.kind)
            entry["verbs"] = .strings(Self.verbs)
            entry.put("shortNames", nonEmpty: r.shortNames.map { .string($0) })
            entry.put("categories", nonEmpty: r.categories.map { .string($0) })
            resources.append(.object(entry))
            resources.append(.object([
                "name": .string("\(r.plural)/status"),
                "singularName": .string(""),
                "namespaced": .bool(r.namespaced),
                "kind": .string(r.kind),
                "verbs": .strings(Self.statusVerbs),
            ]))
            for sub in Self.subresources where sub.group == r.group && sub.plural == r.plural {
                resources.append(.object([
                    "name": .string("\(r.plural)/\(sub.name)"),
                    "singularName": .string(""),
                    "namespaced": .bool(r.namespaced),
                    "kind": .string(sub.kind),
                    "verbs": .strings(sub.verbs),
                ]))
            }
        }
        return .object([
            "kind": .string("APIResourceList"),
            "apiVersion": .string("v1"),
            "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
            "resources": .array(resources),
        ])
    }

    /// The verbs of every kind, as the API server lists them for a resource with full CRUD: kubectl's `api-resources`
    /// prints them and `kubectl auth can-i`-style checks read them.
    static let verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// The verbs of every kind's `status` subresource.
    static let statusVerbs = ["get", "patch", "update"]

    /// Subresources beyond `status`: a pod's `log` (as Kubernetes lists it, kind `Pod`, verb `get`) and a Job's
    /// `cancel` (a `create`, answered with the Job).
    static let subresources: [(group: String, plural: String, name: String, kind: String, verbs: [String])] = [
        ("", "pods", "log", "Pod", ["get"]),
        ("skiff.dev", "jobs", "cancel", "Job", ["create"]),
        ("", "nodes", "preempt", "Node", ["create"]),
    ]

    /// The kind served at a group/version/plural.
    public func type(group: String, version: String, plural: String) -> (any APIObject.Type)? {
        registry.types.first {
            $0.resource.group == group && $0.resource.version == version && $0.resource.plural == plural
        }
    }
}
