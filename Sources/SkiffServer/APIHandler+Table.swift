/// Server-side printing: kubectl's `get` asks for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and prints
/// the columns it is given (the ones `skiffctl get` prints), hiding priority-1 columns unless `-o wide`.
extension APIHandler {
    /// Whether an `Accept` header asks for a `meta.k8s.io/v1` Table (kubectl also offers `v1beta1`, which is not
    /// served; it falls back to `v1`).
    static func wantsTable(_ accept: String) -> Bool {
        accept.split(separator: ",").contains { media in
            let parameters = media.split(separator: ";").map { String($0.filter { !$0.isWhitespace }) }
            return parameters.contains("as=Table") && parameters.contains("g=meta.k8s.io")
                && !parameters.contains("v=v1beta1")
        }
    }

    /// A `meta.k8s.io/v1` Table of `objects`: every column with its priority, one row per object carrying the
    /// object as `includeObject` asks (`Metadata` by default: a `PartialObjectMetadata`, which kubectl reads the
    /// namespace of for `-A`).
    static func table(
        _ type: any APIObject.Type,
        _ objects: [any APIObject],
        resourceVersion: ResourceVersion?,
        query: [String: String],
        headers: Bool = true,
        cache: EncodedObjectCache? = nil
    ) -> JSONValue {
        // Ages are computed now, as the API server does when it prints.
        let table = TablePrinter.table(type, objects, wide: true, now: Timestamp.now())
        let priorities = TablePrinter.columnPriorities(type)
        let nameIndex = TablePrinter.nameColumnIndex(type)
        let definitions: [JSONValue] = table.columns.enumerated().map { index, name in
            .object([
                "name": .string(name),
                "type": .string("string"),
                "format": .string(index == nameIndex ? "name" : ""),
                "description": .string(""),
                "priority": .int(Int64(index < priorities.count ? priorities[index] : 0)),
            ])
        }
        let include = query["includeObject"] ?? "Metadata"
        var rows: [JSONValue] = []
        for (object, cells) in zip(objects, table.rows) {
            var row = JSONObject()
            row["cells"] = .strings(cells)
            switch include {
            case "None":
                break
            case "Object":
                // `kubectl get --sort-by` asks for the whole object and sorts on it.
                row["object"] = cache?.value(of: object) ?? object.encoded()
            default:
                row["object"] = .object([
                    "kind": .string("PartialObjectMetadata"),
                    "apiVersion": .string("meta.k8s.io/v1"),
                    "metadata": object.metadata.encoded(),
                ])
            }
            rows.append(.object(row))
        }
        var metadata = JSONObject()
        if let resourceVersion { metadata["resourceVersion"] = .string(String(resourceVersion)) }
        var document = JSONObject()
        document["kind"] = .string("Table")
        document["apiVersion"] = .string("meta.k8s.io/v1")
        document["metadata"] = .object(metadata)
        // A watch sends the column definitions with its first event only, as the API server does.
        if headers { document["columnDefinitions"] = .array(definitions) }
        document["rows"] = .array(rows)
        return .object(document)
    }
}
