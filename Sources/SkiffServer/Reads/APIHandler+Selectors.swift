/// Reading a list's or watch's selectors from the query, with the API server's errors.
extension APIHandler {
    /// The label and field selectors of a list or watch. Selectors arrive form-encoded (kubectl's `app+in+%28web%29`):
    /// `+` stands for a space (neither labels nor selectable field values may hold a `+`). A field the kind cannot be
    /// selected by is a `400 BadRequest` worded as the API server words it.
    static func selectors(_ query: [String: String], _ type: any APIObject.Type)
        -> Result<(LabelSelector?, FieldSelector?), APIStatus>
    {
        let labelText = query["labelSelector"].map(formDecoded)
        let fieldText = query["fieldSelector"].map(formDecoded)
        let labels: LabelSelector?
        let fields: FieldSelector?
        do {
            labels = try labelText.flatMap { $0.isEmpty ? nil : try LabelSelector(parsing: $0) }
            fields = try fieldText.flatMap { $0.isEmpty ? nil : try FieldSelector(parsing: $0) }
        } catch {
            return .failure(.badRequest("\(error)"))
        }
        if let fields {
            let supported = Set(
                ["metadata.name", "metadata.namespace"] + ((type as? any FieldSelectable.Type)?.selectableFields ?? [])
            )
            if let bad = fields.requirements.first(where: { !supported.contains($0.field) }) {
                // The API server's message; kubectl itself prefixes it with `Unable to find "/v1, Resource=pods"
                // that match label selector "", field selector "foo=bar": `.
                return .failure(.badRequest("field label not supported: \(bad.field)"))
            }
        }
        return .success((labels, fields))
    }

    /// `+` read as a space, as in `application/x-www-form-urlencoded` (the router has already decoded `%XX`).
    static func formDecoded(_ text: String) -> String {
        text.contains("+") ? String(text.map { $0 == "+" ? " " : $0 }) : text
    }

    /// A JSON document served with another Content-Type than `application/json` (aggregated discovery).
    static func document(_ body: JSONValue, contentType: String) -> APIResponse {
        var bytes: [UInt8] = []
        body.write(to: &bytes, pretty: false, indent: 0)
        return .bytes(
            contentType: contentType,
            body: AsyncThrowingStream { continuation in
                continuation.yield(bytes)
                continuation.finish()
            }
        )
    }
}
