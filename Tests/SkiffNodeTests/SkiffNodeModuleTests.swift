import SkiffNode
import Testing

struct SkiffNodeModuleTests {
    @Test func seesTheObjectModel() {
        #expect(Pod.resource.plural == "pods")
    }
}
