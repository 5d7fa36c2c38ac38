/// One entry of `metadata.managedFields`: which manager owns which fields, in Kubernetes' `FieldsV1` format.
public struct ManagedFieldsEntry: Sendable, Hashable {
    public var manager: String
    /// `Apply` or `Update`.
    public var operation: String
    public var apiVersion: String
    public var time: String
    /// The owned fields as a `FieldsV1` tree (`{"f:metadata":{"f:labels":{"f:app":{}}}}`).
    public var fieldsV1: JSONValue

    public init(manager: String, operation: String, apiVersion: String, time: String, fieldsV1: JSONValue) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fieldsV1 = fieldsV1
    }
}
