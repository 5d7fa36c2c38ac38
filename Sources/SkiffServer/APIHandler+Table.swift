/// Server-side printing: kubectl's `get` asks for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and prints
/// the columns it is given (the ones `skiffctl get` prints), hiding priority-1 columns unless `-o wide`.
///
/// A Table carries every column with its priority and one row per object, the row carrying the object as
/// `includeObject` asks (`Metadata` by default: a `PartialObjectMetadata`, which kubectl reads the namespace of for
/// `-A`). Its body is written by ``tableBody(_:_:resourceVersion:continueToken:query:headers:rows:cache:now:)``.
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

    /// The Table's `columnDefinitions` for `type`: every column (wide), with its priority.
    static func columnDefinitions(_ type: any APIObject.Type) -> [JSONValue] {
        let columns = TablePrinter.table(type, [], wide: true, now: Timestamp(seconds: 0)).columns
        let priorities = TablePrinter.columnPriorities(type)
        let nameIndex = TablePrinter.nameColumnIndex(type)
        return columns.enumerated().map { index, name in
            .object([
                "name": .string(name),
                "type": .string("string"),
                "format": .string(index == nameIndex ? "name" : ""),
                "description": .string(""),
                "priority": .int(Int64(index < priorities.count ? priorities[index] : 0)),
            ])
        }
    }
}
