import SkiffRuntime
import Testing

struct SkiffRuntimeModuleTests {
    @Test func reExportsTheYAMLParser() throws {
        let docs = try YAMLParser().parse("kind: Namespace\n")
        #expect(docs.count == 1)
    }
}
