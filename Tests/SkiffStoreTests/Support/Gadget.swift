import SkiffStore

/// A cluster-scoped test-only kind in the core group (so its resource name has no group), with DNS-label names.
struct Gadget: APIObject {
    struct Spec: Sendable, Equatable {
        var color: String
    }

    struct Status: Sendable, Equatable, EmptyInitializable {
        var ready: Bool

        init() {
            ready = false
        }
    }

    static let resource = ResourceType(group: "", version: "v1", kind: "Gadget", plural: "gadgets", namespaced: false)
    static let groupKind = resource.groupKind
    static var nameRule: NameRule { .dns1123Label }

    var metadata: ObjectMeta
    var spec: Spec
    var status: Status

    init(metadata: ObjectMeta, spec: Spec, status: Status) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    init(_ name: String, color: String = "red", labels: [String: String] = [:]) {
        self.init(metadata: ObjectMeta(name: name, labels: labels), spec: Spec(color: color), status: Status())
    }

    static func key(_ name: String) -> ObjectKey {
        ObjectKey(groupKind, name: name)
    }

    static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec") { r in Spec(color: r.string("color") ?? "") } ?? Spec(color: "")
    }

    static func decodeStatus(from root: MappingReader) -> Status? {
        root.mapping("status") { r in
            var status = Status()
            status.ready = r.bool("ready") ?? false
            return status
        }
    }

    func encodeSpec(into object: inout JSONObject) {
        object["spec"] = .object(["color": .string(spec.color)])
    }

    func encodeStatus(into object: inout JSONObject) {
        if status.ready { object["status"] = .object(["ready": .bool(true)]) }
    }
}
