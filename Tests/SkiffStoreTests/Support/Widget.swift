import SkiffStore

/// A namespaced test-only kind with a spec, a status and two selectable fields, so the store's tests do not
/// depend on the real kinds.
struct Widget: APIObject, FieldSelectable {
    struct Spec: Sendable, Equatable {
        var size: Int
        var nodeName: String

        init(size: Int = 0, nodeName: String = "") {
            self.size = size
            self.nodeName = nodeName
        }
    }

    struct Status: Sendable, Equatable, EmptyInitializable {
        var phase: String
        var observedGeneration: Int64

        init() {
            phase = ""
            observedGeneration = 0
        }

        init(phase: String, observedGeneration: Int64 = 0) {
            self.phase = phase
            self.observedGeneration = observedGeneration
        }
    }

    static let resource = ResourceType(
        group: "test.skiff.dev",
        version: "v1",
        kind: "Widget",
        plural: "widgets",
        namespaced: true
    )
    static let groupKind = resource.groupKind
    static let selectableFields = ["spec.nodeName", "status.phase"]

    var metadata: ObjectMeta
    var spec: Spec
    var status: Status

    init(metadata: ObjectMeta, spec: Spec, status: Status) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    init(
        _ name: String,
        namespace: String = "default",
        labels: [String: String] = [:],
        size: Int = 0,
        nodeName: String = "",
        finalizers: [String] = []
    ) {
        var metadata = ObjectMeta(name: name, namespace: namespace, labels: labels)
        metadata.finalizers = finalizers
        self.init(metadata: metadata, spec: Spec(size: size, nodeName: nodeName), status: Status())
    }

    static func key(_ name: String, namespace: String = "default") -> ObjectKey {
        ObjectKey(groupKind, namespace: namespace, name: name)
    }

    func selectableField(_ name: String) -> String? {
        switch name {
        case "spec.nodeName": spec.nodeName
        case "status.phase": status.phase
        default: nil
        }
    }

    static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec") { r in
            Spec(size: Int(r.int("size") ?? 0), nodeName: r.string("nodeName") ?? "")
        } ?? Spec()
    }

    static func decodeStatus(from root: MappingReader) -> Status? {
        root.mapping("status") { r in
            Status(phase: r.string("phase") ?? "", observedGeneration: r.int("observedGeneration") ?? 0)
        }
    }

    func encodeSpec(into object: inout JSONObject) {
        var spec = JSONObject()
        spec["size"] = .int(Int64(self.spec.size))
        spec.put("nodeName", nonEmpty: self.spec.nodeName)
        object["spec"] = .object(spec)
    }

    func encodeStatus(into object: inout JSONObject) {
        var status = JSONObject()
        status.put("phase", nonEmpty: self.status.phase)
        if self.status.observedGeneration != 0 { status["observedGeneration"] = .int(self.status.observedGeneration) }
        object.put("status", nonEmpty: status)
    }
}
