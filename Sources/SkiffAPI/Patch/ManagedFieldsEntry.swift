/// One entry of `metadata.managedFields`: which manager owns which fields, in Kubernetes' `FieldsV1` format.
public struct ManagedFieldsEntry: Sendable, Hashable {
    public var manager: String
    /// `Apply` or `Update`.
    public var operation: String
    public var apiVersion: String
    public var time: String
    /// The owned fields as a `FieldsV1` tree (`{"f:metadata":{"f:labels":{"f:app":{}}}}`).
    public var fieldsV1: JSONValue
    /// `status` for writes to the status subresource, else empty.
    public var subresource: String

    public init(
        manager: String, operation: String, apiVersion: String, time: String, fieldsV1: JSONValue,
        subresource: String = ""
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fieldsV1 = fieldsV1
        self.subresource = subresource
    }

    /// Reads an entry of `metadata.managedFields`; nil when it has no manager or operation.
    public init?(json: JSONValue) {
        guard let manager = json["manager"]?.stringValue, let operation = json["operation"]?.stringValue else {
            return nil
        }
        self.init(manager: manager, operation: operation, apiVersion: json["apiVersion"]?.stringValue ?? "",
                  time: json["time"]?.stringValue ?? "", fieldsV1: json["fieldsV1"] ?? .object(JSONObject()),
                  subresource: json["subresource"]?.stringValue ?? "")
    }

    /// The entry as Kubernetes serializes it.
    public var json: JSONValue {
        var object = JSONObject()
        object["manager"] = .string(manager)
        object["operation"] = .string(operation)
        object["apiVersion"] = .string(apiVersion)
        object.put("time", nonEmpty: time)
        object["fieldsType"] = .string("FieldsV1")
        object["fieldsV1"] = fieldsV1
        object.put("subresource", nonEmpty: subresource)
        return .object(object)
    }

    /// The entries of `object`'s `metadata.managedFields`.
    public static func entries(of object: JSONValue?) -> [ManagedFieldsEntry] {
        guard case .array(let items)? = object?["metadata"]?["managedFields"] else { return [] }
        return items.compactMap(ManagedFieldsEntry.init(json:))
    }

    /// Two entries are the same manager when manager, operation and subresource match, and — for updates — the
    /// API version (`BuildManagerIdentifier`).
    func isSameManager(as other: ManagedFieldsEntry) -> Bool {
        manager == other.manager && operation == other.operation && subresource == other.subresource
            && (operation == "Apply" || apiVersion == other.apiVersion)
    }

    /// How a conflict message names this manager (`printManager` in the API server).
    var conflictName: String {
        var name = quoted(manager)
        if !subresource.isEmpty { name += " with subresource \(quoted(subresource))" }
        if operation == "Update" {
            return time.isEmpty ? "\(name) using \(apiVersion)" : "\(name) using \(apiVersion) at \(time)"
        }
        return name
    }

    private func quoted(_ s: String) -> String { JSONValue.string(s).serialized() }
}
