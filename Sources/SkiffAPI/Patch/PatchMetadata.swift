/// The `patchStrategy`/`patchMergeKey` tags of Kubernetes' core types (`k8s.io/api/core/v1/types.go`,
/// `k8s.io/apimachinery/pkg/apis/meta/v1/types.go`) for the kinds Skiff serves, and the list types
/// (`+listType`, `+listMapKey`) server-side apply uses. Fields are named by their path of JSON field names from
/// the object's root, list items adding nothing (`spec.containers.env`).
struct PatchMetadata: Sendable {
    /// How a list merges.
    enum ListStrategy: Sendable, Equatable {
        /// Items are maps merged by the value of `key` (`patchStrategy:"merge" patchMergeKey:"key"`).
        case mergeByKey(String)
        /// Items are primitives merged as a set (`patchStrategy:"merge"` on a `[]string`).
        case mergePrimitives
    }

    /// Lists with a merge strategy, by path; every other list is replaced as a whole.
    let lists: [String: ListStrategy]
    /// Keys of the lists server-side apply treats as maps (`+listType=map`), where they differ from the strategic
    /// merge key (containers' ports are keyed by `containerPort` and `protocol`).
    let listMapKeys: [String: [String]]

    func strategy(at path: String) -> ListStrategy? { lists[path] }

    /// The metadata for `kind`, or nil for a kind with no strategic merge support (Kubernetes answers 415 for custom
    /// resources).
    static func forKind(_ kind: String) -> PatchMetadata? {
        switch kind {
        case "Pod": return pod
        case "Node": return node
        case "Namespace": return namespace
        case "Event": return event
        default: return nil
        }
    }

    private static let objectMeta: [String: ListStrategy] = [
        "metadata.ownerReferences": .mergeByKey("uid"),
        "metadata.finalizers": .mergePrimitives,
    ]

    private static let containerLists: [String: ListStrategy] = [
        "ports": .mergeByKey("containerPort"),
        "env": .mergeByKey("name"),
        "volumeMounts": .mergeByKey("mountPath"),
        "volumeDevices": .mergeByKey("devicePath"),
    ]

    static let pod: PatchMetadata = {
        var lists = objectMeta
        lists["spec.volumes"] = .mergeByKey("name")  // merge,retainKeys
        lists["spec.imagePullSecrets"] = .mergeByKey("name")
        lists["spec.hostAliases"] = .mergeByKey("ip")
        lists["spec.topologySpreadConstraints"] = .mergeByKey("topologyKey")
        lists["spec.schedulingGates"] = .mergeByKey("name")
        lists["spec.resourceClaims"] = .mergeByKey("name")  // merge,retainKeys
        lists["status.conditions"] = .mergeByKey("type")
        lists["status.podIPs"] = .mergeByKey("ip")
        lists["status.hostIPs"] = .mergeByKey("ip")
        lists["status.resourceClaimStatuses"] = .mergeByKey("name")
        var listMapKeys: [String: [String]] = [
            "spec.topologySpreadConstraints": ["topologyKey", "whenUnsatisfiable"]
        ]
        for containers in ["containers", "initContainers", "ephemeralContainers"] {
            lists["spec.\(containers)"] = .mergeByKey("name")
            for (field, strategy) in containerLists { lists["spec.\(containers).\(field)"] = strategy }
            listMapKeys["spec.\(containers).ports"] = ["containerPort", "protocol"]
        }
        return PatchMetadata(lists: lists, listMapKeys: listMapKeys)
    }()

    static let node: PatchMetadata = {
        var lists = objectMeta
        lists["spec.podCIDRs"] = .mergePrimitives
        lists["status.conditions"] = .mergeByKey("type")
        lists["status.addresses"] = .mergeByKey("type")
        return PatchMetadata(lists: lists, listMapKeys: [:])
    }()

    static let namespace: PatchMetadata = {
        var lists = objectMeta
        lists["status.conditions"] = .mergeByKey("type")
        return PatchMetadata(lists: lists, listMapKeys: [:])
    }()

    static let event = PatchMetadata(lists: objectMeta, listMapKeys: [:])

    /// Only `metadata` is typed: used for kinds without a table (Skiff's and AzureML's kinds, whose lists are
    /// atomic as a CRD's are by default).
    static let metadataOnly = PatchMetadata(lists: objectMeta, listMapKeys: [:])
}

extension PatchMetadata {
    static func child(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}
