import Testing

@testable import SkiffStore

/// The saved-state fast path reads what the YAML parser reads: strings stay strings, escapes and non-ASCII text
/// come back exactly, and anything that is not one JSON value is refused (the YAML parser then says why).
struct SavedJSONParserTests {
    @Test func savedObjectsReadBackExactly() throws {
        var widget = Widget("a", labels: ["app": "x"], size: 42, nodeName: "n\"1\\")
        widget.metadata.annotations = [
            "quoted": "say \"hi\"\n\ttab", "unicode": "grüße 🚀 \u{1}", "numberish": "1e3", "boolish": "true",
        ]
        widget.metadata.uid = "uid-1"
        widget.metadata.resourceVersion = 7
        widget.status = Widget.Status(phase: "Running", observedGeneration: 3)
        let body = widget.encoded().serialized()
        let fast = try #require(SavedJSONParser.parse(body))
        let context = DecodeContext(file: "t", includeStatus: true)
        let reader = try #require(MappingReader(fast, path: FieldPath(), context: context))
        let decoded = try #require(ObjectDecoder.decode(Widget.self, root: reader) as? Widget)
        #expect(decoded.metadata == widget.metadata)
        #expect(decoded.spec == widget.spec)
        #expect(decoded.status == widget.status)
        guard case .success(let viaStore) = SQLiteStore.decode(body, as: Widget.self, file: "t") else {
            Issue.record("the store could not read its own JSON")
            return
        }
        #expect((viaStore as? Widget)?.metadata == widget.metadata)
    }

    @Test func malformedTextIsRefused() {
        for text in ["", "{", "{\"a\": }", "{\"a\": 1} x", "[1, 2", "{\"a\": tru}", "\"\\q\"", "{\"a\": \"\\ud800\"}"] {
            #expect(SavedJSONParser.parse(text) == nil, "\(text)")
        }
        #expect(SavedJSONParser.parse(" {\"a\": [1, -2.5e3, true, null, \"\\u00e9\\ud83d\\ude80\"]} ") != nil)
    }
}
