import Testing

@testable import SkiffStore

struct MemoryStoreTests {
    private func store() -> MemoryStore {
        MemoryStore(configuration: StoreConfiguration(clock: { Timestamp(seconds: 0) }))
    }

    @Test func selectiveListsUseTheLabelIndex() throws {
        let store = store()
        for index in 0..<200 {
            try store.create(
                Widget("w\(index)", namespace: "ns\(index % 4)", labels: ["app": index < 3 ? "rare" : "common"])
            )
        }
        let rare = ListOptions(labels: TestLabels(.equals("app", "rare")))
        #expect(store.listPlan(Widget.groupKind, options: rare) == .labelIndex("app"))
        #expect(try store.names(Widget.groupKind, rare) == ["ns0/w0", "ns1/w1", "ns2/w2"])
        let setBased = ListOptions(labels: TestLabels(.isIn("app", ["rare", "missing"])))
        #expect(store.listPlan(Widget.groupKind, options: setBased) == .labelIndex("app"))
        // A requirement that selects most objects is no cheaper than scanning the namespace.
        let common = ListOptions(namespace: "ns1", labels: TestLabels(.equals("app", "common")))
        #expect(store.listPlan(Widget.groupKind, options: common) == .scan)
        #expect(try store.list(Widget.groupKind, options: common).items.count == 49)
        let negative = ListOptions(labels: TestLabels(.notEquals("app", "common")))
        #expect(store.listPlan(Widget.groupKind, options: negative) == .scan)
        #expect(try store.list(Widget.groupKind, options: negative).items.count == 3)
    }

    @Test func nameSelectorsLookUpDirectly() throws {
        let store = store()
        for index in 0..<50 { try store.create(Widget("same", namespace: "ns\(index)")) }
        let byName = ListOptions(fields: TestFields.equal("metadata.name", "same"))
        #expect(store.listPlan(Widget.groupKind, options: byName) == .names)
        #expect(try store.list(Widget.groupKind, options: byName).items.count == 50)
        let none = ListOptions(fields: TestFields.equal("metadata.name", "other"))
        #expect(try store.list(Widget.groupKind, options: none).items.isEmpty)
    }

    @Test func fieldIndexAnswersFieldSelectorsAndKeyLookups() throws {
        let store = store()
        store.addIndex(.field("spec.nodeName", of: Widget.groupKind, name: "widgets-by-node"))
        for index in 0..<100 {
            try store.create(
                Widget("w\(index)", namespace: "ns\(index % 3)", nodeName: index % 10 == 0 ? "gpu-1" : "cpu-\(index)")
            )
        }
        let onNode = ListOptions(fields: TestFields.equal("spec.nodeName", "gpu-1"))
        #expect(store.listPlan(Widget.groupKind, options: onNode) == .fieldIndex("widgets-by-node"))
        #expect(try store.list(Widget.groupKind, options: onNode).items.count == 10)
        let keys = store.keys(index: "widgets-by-node", value: "gpu-1")
        #expect(keys.count == 10)
        #expect(keys == keys.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) })
        #expect(keys.first == Widget.key("w0", namespace: "ns0"))

        try store.update(Widget("w0", namespace: "ns0", nodeName: "cpu-0"))
        try store.delete(Widget.key("w10", namespace: "ns1"))
        #expect(store.keys(index: "widgets-by-node", value: "gpu-1").count == 8)
        #expect(store.keys(index: "widgets-by-node", value: "cpu-0") == [Widget.key("w0", namespace: "ns0")])
        #expect(store.objects(index: "widgets-by-node", value: "cpu-0").first?.metadata.name == "w0")
        #expect(store.keys(index: "unknown", value: "x").isEmpty)
    }

    @Test func indexesAddedLaterFileExistingObjects() throws {
        let store = store()
        try store.create(Widget("a", labels: ["team": "ml"]))
        try store.create(Widget("b", labels: ["team": "ml"]))
        try store.create(Widget("c", labels: ["team": "web"]))
        store.addIndex(name: "by-team", groupKind: Widget.groupKind) { [$0.metadata.labels["team"] ?? ""] }
        #expect(store.keys(index: "by-team", value: "ml").map(\.name) == ["a", "b"])
        store.addIndex(name: "by-team", groupKind: Widget.groupKind) { [$0.metadata.name] }
        #expect(store.keys(index: "by-team", value: "ml").isEmpty)
        #expect(store.keys(index: "by-team", value: "c").map(\.name) == ["c"])
    }

    @Test func labelIndexFollowsLabelChanges() throws {
        let store = store()
        try store.create(Widget("a", labels: ["app": "web"]))
        try store.update(Widget("a", labels: ["app": "db"]))
        #expect(try store.names(Widget.groupKind, ListOptions(labels: TestLabels(.equals("app", "web")))).isEmpty)
        #expect(
            try store.names(Widget.groupKind, ListOptions(labels: TestLabels(.equals("app", "db")))) == ["default/a"]
        )
        try store.delete(Widget.key("a"))
        #expect(try store.names(Widget.groupKind, ListOptions(labels: TestLabels(.equals("app", "db")))).isEmpty)
        #expect(store.counts.isEmpty)
    }

    @Test func holdsOneHundredThousandObjectsWithSelectiveListsCostingTheirResult() throws {
        let store = store()
        store.addIndex(.field("spec.nodeName", of: Widget.groupKind))
        let total = 100_000
        for index in 0..<total {
            let widget = Widget(
                "pod-\(index)",
                namespace: index < 10 ? "small" : "big-\(index % 20)",
                labels: ["job": "job-\(index / 50)"],
                nodeName: "node-\(index % 5_000)"
            )
            try store.create(widget)
        }
        #expect(store.counts[Widget.groupKind] == total)
        #expect(store.currentResourceVersion == ResourceVersion(total))

        let small = ListOptions(namespace: "small")
        #expect(store.listPlan(Widget.groupKind, options: small) == .scan)
        #expect(try store.list(Widget.groupKind, options: small).items.count == 10)

        let job = ListOptions(labels: TestLabels(.equals("job", "job-1234")))
        #expect(store.listPlan(Widget.groupKind, options: job) == .labelIndex("job"))
        #expect(try store.list(Widget.groupKind, options: job).items.count == 50)

        let node = ListOptions(fields: TestFields.equal("spec.nodeName", "node-42"))
        #expect(store.listPlan(Widget.groupKind, options: node) == .fieldIndex("Widget.test.skiff.dev:spec.nodeName"))
        #expect(try store.list(Widget.groupKind, options: node).items.count == 20)

        let page = try store.list(Widget.groupKind, limit: 500)
        #expect(page.items.count == 500)
        let next = try store.list(Widget.groupKind, limit: 500, continue: page.continueToken)
        #expect(next.items.first?.key != page.items.first?.key)
        #expect(next.items.count == 500)
    }

    @Test func deinitEndsOpenStreams() async throws {
        var store: MemoryStore? = self.store()
        let stream = try store!.watchStream(groupKind: nil)
        try store!.create(Widget("a"))
        store = nil
        var received: [String] = []
        for try await event in stream { received.append(event.summary) }
        #expect(received == ["ADDED a@1"])
    }
}
