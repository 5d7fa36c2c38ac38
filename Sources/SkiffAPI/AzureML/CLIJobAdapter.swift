/// Azure ML CLI v2 job YAML — `type: command` and `type: sweep` — as a ``Job`` in the `default` namespace, named by
/// `name` or the file stem. `type` defaults to `command`, so a document with only
/// `$schema: …/commandJob.schema.json`, or with neither but a `command:`, is a command job.
/// `compute: azureml:gpu-cluster` refers to the compute `gpu-cluster`.
public struct CLIJobAdapter: ManifestAdapter {
    public let name = "Azure ML CLI v2 job"

    static let schemas = ["commandjob.schema.json": Job.JobType.command, "sweepjob.schema.json": .sweep]

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        if let type = AzureMLNames.typeValue(of: root) { return type == "command" || type == "sweep" }
        if let schema = AzureMLNames.schemaName(of: root) { return Self.schemas[schema] != nil }
        return root[key: "command"] != nil
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        let context = root.context
        let errorsBefore = context.errors.count
        root.ignore("$schema")
        // Printed by `az ml job show`; a create ignores them.
        for key in ["id", "status", "creation_context", "log_files", "parameters"] { root.ignore(key) }
        root.ignore("parent_job_name")
        let schemaType = AzureMLNames.schemaName(of: root.node).flatMap { Self.schemas[$0] }
        var type = schemaType ?? .command
        if let written = root.located("type", root.string("type")) {
            if let known = Job.JobType(rawValue: written.value.lowercased()) {
                if let schemaType, schemaType != known {
                    context.invalid(
                        written.path,
                        written.mark,
                        value: written.value,
                        "$schema names a \(schemaType.rawValue) job"
                    )
                }
                type = known
            } else {
                context.notSupported(written.path, written.mark, value: written.value, supported: ["command", "sweep"])
            }
        }
        let name = AzureMLNames.objectName(root, key: "name", fileStem: fileStem)
        let spec = Job.decode(root, naming: .snakeCase, type: type)
        guard let name, let spec, context.errors.count == errorsBefore else { return [] }
        return [Job(metadata: ObjectMeta(name: name, namespace: "default"), spec: spec)]
    }
}
