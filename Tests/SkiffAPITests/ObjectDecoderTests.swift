import SkiffAPI
import Testing

struct ObjectDecoderTests {
    let registry = KindRegistry([Namespace.self])

    func decode(_ text: String, includeStatus: Bool = false) throws -> (ManifestResult, DecodeContext) {
        let context = DecodeContext(file: "t.yaml", includeStatus: includeStatus)
        let result = ManifestDecoder(registry: registry).decode(bytes: Array(text.utf8), file: "t.yaml")
        return (result, context)
    }

    @Test func decodesANamespace() throws {
        let (result, _) = try decode("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {a: b}\n")
        #expect(result.errors.isEmpty)
        let ns = try #require(result.objects.first?.object as? Namespace)
        #expect(ns.metadata.name == "team-a")
        #expect(ns.metadata.labels == ["a": "b"])
        #expect(ns.key == ObjectKey(GroupKind(group: "", kind: "Namespace"), name: "team-a"))
    }

    @Test func unknownFieldsAreErrorsWithPositions() throws {
        let (result, _) = try decode("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  nmae: b\nspec:\n  foo: 1\n")
        #expect(result.objects.isEmpty)
        #expect(result.errors.map(\.description) == [
            "t.yaml:5:3: unknown field \"metadata.nmae\"",
            "t.yaml:7:3: unknown field \"spec.foo\"",
        ])
    }

    @Test func wrongTypeAndUnknownKind() throws {
        let (result, _) = try decode("apiVersion: v1\nkind: Namespace\nmetadata: [a]\n---\napiVersion: v1\nkind: Nope\nmetadata: {name: x}\n")
        #expect(result.errors.map(\.description) == [
            "t.yaml:3:11: metadata: expected a mapping, found a list",
            "t.yaml:6:7: kind: no kind \"Nope\" is registered for version \"v1\"",
        ])
    }

    @Test func listsAndEncodingRoundTrip() throws {
        let (result, _) = try decode("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n")
        #expect(result.objects.count == 2)
        let ns = try #require(result.objects.last?.object as? Namespace)
        #expect(ns.encoded().serialized() == #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"b"},"spec":{}}"#)
    }
}
