import SkiffAPI
import SkiffYAML
import Testing

/// Parses JSON text (JSON is YAML's flow style) into a ``JSONValue`` for test tables.
func json(_ text: String) -> JSONValue {
    do {
        let documents = try YAMLParser().parse(text)
        guard let root = documents.first?.root else { return .null }
        return JSONValue(yaml: root)
    } catch {
        Issue.record("bad JSON in test: \(text): \(error)")
        return .null
    }
}
