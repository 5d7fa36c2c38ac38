import SkiffYAML
import Testing

struct YAMLParserTests {
    @Test func parsesNestedMappingWithMarks() throws {
        let docs = try YAMLParser().parse("a: 1\nb:\n  c: [x, 'y']\n", file: "t.yaml")
        #expect(docs.count == 1)
        guard case .mapping(let pairs) = docs[0].root?.content else {
            Issue.record("expected a mapping")
            return
        }
        #expect(pairs.count == 2)
        #expect(pairs[1].key.mark == Mark(line: 2, column: 1))
        #expect(pairs[1].value.mark == Mark(line: 3, column: 3))
    }

    @Test func reportsSyntaxErrorWithPosition() {
        #expect {
            _ = try YAMLParser().parse("a: [1, 2\nb: 3\n", file: "bad.yaml")
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.file == "bad.yaml" && error.mark.line >= 1 && !error.message.isEmpty
        }
    }
}
