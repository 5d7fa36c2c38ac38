import SkiffScheduler
import Testing

struct SkiffSchedulerModuleTests {
    @Test func seesTheObjectModel() {
        #expect(Pod.resource.plural == "pods")
    }
}
