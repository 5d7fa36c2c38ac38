import SkiffAPI
import Testing

struct SkiffAPIModuleTests {
    @Test func reExportsTheYAMLParser() throws {
        let docs = try YAMLParser().parse("kind: Namespace\n")
        #expect(docs.count == 1)
    }
}
