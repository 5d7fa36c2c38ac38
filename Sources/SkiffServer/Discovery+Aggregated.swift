/// Aggregated discovery (`apidiscovery.k8s.io/v2`): kubectl v1.32 asks `/api` and `/apis` for an
/// `APIGroupDiscoveryList` first and, when the reply carries exactly that Content-Type, needs no per-group-version
/// requests. Short names and categories reach kubectl only through these documents (or the legacy ones).
extension Discovery {
    /// The Content-Type kubectl recognises an aggregated reply by; the same body as `application/json` is taken
    /// for the legacy `APIVersions`/`APIGroupList` and fails.
    public static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    /// Whether an `Accept` header offers the v2 aggregated list (kubectl offers v2, then v2beta1, then plain JSON;
    /// only v2 is served).
    public static func wantsAggregated(_ accept: String) -> Bool {
        accept.split(separator: ",").contains { media in
            let parameters = Set(media.split(separator: ";").map { String($0.filter { !$0.isWhitespace }) })
            return parameters.contains("as=APIGroupDiscoveryList") && parameters.contains("g=apidiscovery.k8s.io")
                && parameters.contains("v=v2")
        }
    }

    /// `/api` (core: one item named `""`) or `/apis` (every named group, sorted) as an `APIGroupDiscoveryList`.
    public func aggregated(core: Bool) -> JSONValue {
        let names = core ? [""] : groups.keys.sorted()
        let items: [JSONValue] = names.map { group in
            let versions = core ? ["v1"] : groups[group] ?? []
            return .object([
                "metadata": .object(["name": .string(group)]),
                "versions": .array(
                    versions.map { version in
                        .object([
                            "version": .string(version),
                            "resources": .array(aggregatedResources(group: group, version: version)),
                            "freshness": .string("Current"),
                        ])
                    }
                ),
            ])
        }
        return .object([
            "kind": .string("APIGroupDiscoveryList"),
            "apiVersion": .string("apidiscovery.k8s.io/v2"),
            "metadata": .object([:]),
            "items": .array(items),
        ])
    }

    /// The `APIResourceDiscovery` entries of one group/version, sorted by plural.
    func aggregatedResources(group: String, version: String) -> [JSONValue] {
        let types = registry.types.filter { $0.resource.group == group && $0.resource.version == version }
        return types.sorted { $0.resource.plural < $1.resource.plural }.map { type in
            let r = type.resource
            let kind: JSONValue = Self.responseKind(r, kind: r.kind)
            var subresources: [JSONValue] = [
                .object([
                    "subresource": .string("status"),
                    "responseKind": kind,
                    "verbs": .strings(Self.statusVerbs),
                ])
            ]
            for sub in Self.subresources where sub.group == r.group && sub.plural == r.plural {
                subresources.append(
                    .object([
                        "subresource": .string(sub.name),
                        "responseKind": Self.responseKind(r, kind: sub.kind),
                        "verbs": .strings(sub.verbs),
                    ])
                )
            }
            var entry = JSONObject()
            entry["resource"] = .string(r.plural)
            entry["responseKind"] = kind
            entry["scope"] = .string(r.namespaced ? "Namespaced" : "Cluster")
            entry["singularResource"] = .string(r.singular)
            entry["verbs"] = .strings(Self.verbs)
            entry.put("shortNames", nonEmpty: r.shortNames.map { .string($0) })
            entry.put("categories", nonEmpty: r.categories.map { .string($0) })
            entry["subresources"] = .array(subresources.sorted { ($0["subresource"]?.stringValue ?? "") < ($1["subresource"]?.stringValue ?? "") })
            return .object(entry)
        }
    }

    private static func responseKind(_ r: ResourceType, kind: String) -> JSONValue {
        .object(["group": .string(r.group), "version": .string(r.version), "kind": .string(kind)])
    }
}
