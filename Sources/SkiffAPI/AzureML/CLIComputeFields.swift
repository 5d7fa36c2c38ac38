/// Fields every Azure ML CLI v2 compute document has (SDK v2 `ComputeSchema`).
enum CLIComputeFields {
    /// Reads `$schema` and `type` (which must be `expectedType`, compared case-insensitively as the SDK does) and
    /// accepts the fields `az ml compute show` prints but a create ignores.
    static func readCommon(_ root: MappingReader, expectedType: String) {
        root.ignore("$schema")
        if let type = root.string("type"), type.lowercased() != expectedType {
            root.context.notSupported(
                root.path.child("type"),
                root.mark("type"),
                value: type,
                supported: [expectedType]
            )
        }
        for key in ["id", "provisioning_state", "provisioning_errors", "created_on"] { root.ignore(key) }
    }
}
