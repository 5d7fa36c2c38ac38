import Testing

@testable import SkiffStore

struct SelectorConformanceTests {
    private func populated() throws -> MemoryStore {
        let store = MemoryStore(configuration: StoreConfiguration(clock: { Timestamp(seconds: 0) }))
        store.addIndex(.field("spec.nodeName", of: Widget.groupKind))
        for index in 0..<40 {
            let labels = ["app": index < 2 ? "web" : "batch", "tier": index % 2 == 0 ? "front" : "back"]
            try store.create(Widget("w\(index)", labels: labels, nodeName: index == 5 ? "gpu" : "cpu"))
        }
        return store
    }

    @Test func labelSelectorsSelectAndUseTheIndex() throws {
        let store = try populated()
        let web = try LabelSelector(parsing: "app=web")
        #expect(store.listPlan(Widget.groupKind, options: ListOptions(labels: web)) == .labelIndex("app"))
        #expect(try store.list(Widget.self, labels: web).map(\.metadata.name) == ["w0", "w1"])
        let set = try LabelSelector(parsing: "app in (web),tier notin (back)")
        #expect(try store.list(Widget.self, labels: set).map(\.metadata.name) == ["w0"])
        #expect(try store.list(Widget.self, labels: LabelSelector.everything).count == 40)
        #expect(try store.list(Widget.self, labels: LabelSelector.nothing).isEmpty)
        #expect(
            store.listPlan(Widget.groupKind, options: ListOptions(labels: LabelSelector.nothing)) == .labelIndex("")
        )
    }

    @Test func fieldSelectorsSelectAndUseTheIndex() throws {
        let store = try populated()
        let onGPU = try FieldSelector(parsing: "spec.nodeName=gpu")
        #expect(store.listPlan(Widget.groupKind, options: ListOptions(fields: onGPU)) != .scan)
        #expect(try store.list(Widget.self, fields: onGPU).map(\.metadata.name) == ["w5"])
        let notCPU = try FieldSelector(parsing: "spec.nodeName!=cpu,metadata.namespace=default")
        #expect(try store.list(Widget.self, fields: notCPU).map(\.metadata.name) == ["w5"])
        let unsupported = try FieldSelector(parsing: "spec.size=1")
        #expect(storeError { _ = try store.list(Widget.self, fields: unsupported) }?.reason == .badRequest)
    }

    @Test func selectorsFilterWatches() throws {
        let store = try populated()
        let recorder = EventRecorder()
        let options = WatchOptions(
            groupKind: Widget.groupKind,
            labels: try LabelSelector(parsing: "app=web"),
            fields: try FieldSelector(parsing: "spec.nodeName=cpu"),
            resourceVersion: store.currentResourceVersion
        )
        let watch = try store.watch(options) { recorder.record($0) }
        defer { watch.cancel() }
        try store.update(Widget("w0", labels: ["app": "web", "tier": "front"], nodeName: "gpu"))
        try store.update(Widget("w7", labels: ["app": "web", "tier": "back"], nodeName: "cpu"))
        #expect(recorder.summary == ["DELETED w0@41", "ADDED w7@42"])
    }
}
