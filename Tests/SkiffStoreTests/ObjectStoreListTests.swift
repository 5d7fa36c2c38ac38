import SkiffStore
import Testing

struct ObjectStoreListTests {
    /// Widgets in three namespaces, created out of order.
    private func populated(_ factory: StoreFactory) throws -> any ObjectStore {
        let store = StoreFixture(factory).store
        try store.create(Widget("web-2", namespace: "prod", labels: ["app": "web", "tier": "front"], nodeName: "n1"))
        try store.create(Widget("db", namespace: "prod", labels: ["app": "db"], nodeName: "n2"))
        try store.create(Widget("web-1", namespace: "prod", labels: ["app": "web", "tier": "front"], nodeName: "n2"))
        try store.create(Widget("web", namespace: "dev", labels: ["app": "web"], nodeName: "n1"))
        try store.create(Widget("cache", namespace: "dev-b", labels: ["app": "cache"]))
        try store.create(Gadget("g1"))
        return store
    }

    @Test(arguments: StoreFactory.all)
    func listIsSortedByNamespaceThenNameInKeyOrder(factory: StoreFactory) throws {
        let store = try populated(factory)
        // Kubernetes orders by the etcd key `namespace/name`: "dev-b/" sorts before "dev/" ('-' < '/').
        #expect(try store.names(Widget.groupKind) == ["dev-b/cache", "dev/web", "prod/db", "prod/web-1", "prod/web-2"])
        let result = try store.list(Widget.groupKind)
        #expect(result.resourceVersion == store.currentResourceVersion)
        #expect(result.continueToken == nil)
    }

    @Test(arguments: StoreFactory.all)
    func listFiltersByNamespace(factory: StoreFactory) throws {
        let store = try populated(factory)
        #expect(
            try store.names(Widget.groupKind, ListOptions(namespace: "prod")) == [
                "prod/db", "prod/web-1", "prod/web-2",
            ]
        )
        #expect(try store.names(Widget.groupKind, ListOptions(namespace: "empty")).isEmpty)
        #expect(try store.names(Gadget.groupKind, ListOptions(namespace: "prod")) == ["g1"])
        #expect(try store.names(GroupKind(group: "x", kind: "Unknown")).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func listFiltersByLabels(factory: StoreFactory) throws {
        let store = try populated(factory)
        #expect(
            try store.names(Widget.groupKind, ListOptions(labels: TestLabels(.equals("app", "web")))) == [
                "dev/web", "prod/web-1", "prod/web-2",
            ]
        )
        #expect(
            try store.names(Widget.groupKind, ListOptions(namespace: "prod", labels: TestLabels(.equals("app", "web"))))
                == ["prod/web-1", "prod/web-2"]
        )
        #expect(
            try store.names(Widget.groupKind, ListOptions(labels: TestLabels(.isIn("app", ["db", "cache"]))))
                == ["dev-b/cache", "prod/db"]
        )
        #expect(
            try store.names(
                Widget.groupKind,
                ListOptions(labels: TestLabels(.equals("app", "web"), .doesNotExist("tier")))
            )
                == ["dev/web"]
        )
        #expect(
            try store.names(Widget.groupKind, ListOptions(labels: TestLabels(.notIn("app", ["web"]), .exists("app"))))
                == ["dev-b/cache", "prod/db"]
        )
        #expect(try store.names(Widget.groupKind, ListOptions(labels: TestLabels(.equals("app", "none")))).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func listFiltersByFields(factory: StoreFactory) throws {
        let store = try populated(factory)
        #expect(
            try store.names(Widget.groupKind, ListOptions(fields: TestFields.equal("metadata.name", "web"))) == [
                "dev/web"
            ]
        )
        #expect(
            try store.names(Widget.groupKind, ListOptions(fields: TestFields.equal("metadata.namespace", "dev")))
                == ["dev/web"]
        )
        #expect(
            try store.names(Widget.groupKind, ListOptions(fields: TestFields.equal("spec.nodeName", "n2")))
                == ["prod/db", "prod/web-1"]
        )
        #expect(
            try store.names(Widget.groupKind, ListOptions(fields: TestFields.notEqual("spec.nodeName", "")))
                == ["dev/web", "prod/db", "prod/web-1", "prod/web-2"]
        )
        let both = TestFields(
            StoreFieldRequirement(field: "spec.nodeName", op: .equals, value: "n1"),
            StoreFieldRequirement(field: "metadata.namespace", op: .equals, value: "prod")
        )
        #expect(try store.names(Widget.groupKind, ListOptions(fields: both)) == ["prod/web-2"])
        let clash = ListOptions(namespace: "dev", fields: TestFields.equal("metadata.namespace", "prod"))
        #expect(try store.names(Widget.groupKind, clash).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func unsupportedFieldSelectorIsABadRequest(factory: StoreFactory) throws {
        let store = try populated(factory)
        let error = try #require(
            storeError { _ = try store.list(Widget.groupKind, fields: TestFields.equal("spec.size", "1")) }
        )
        #expect(error.reason == .badRequest)
        #expect(error.code == 400)
        #expect(error.message == "field label not supported: spec.size")
        #expect(
            storeError { _ = try store.list(Gadget.groupKind, fields: TestFields.equal("spec.color", "red")) } != nil
        )
    }

    @Test(arguments: StoreFactory.all)
    func pagingWithContinueVisitsEveryItemOnce(factory: StoreFactory) throws {
        let store = try populated(factory)
        var seen: [String] = []
        var token: String?
        var pages = 0
        let firstVersion = store.currentResourceVersion
        repeat {
            let page = try store.list(Widget.groupKind, limit: 2, continue: token)
            #expect(page.items.count <= 2)
            #expect(page.resourceVersion == firstVersion)
            seen += page.items.map { "\($0.metadata.namespace)/\($0.metadata.name)" }
            token = page.continueToken
            pages += 1
            if pages == 1 { try store.create(Widget("zzz", namespace: "zz")) }
        } while token != nil
        #expect(pages == 3)
        // Pages after the first see later writes (the store keeps no snapshots); a watch from the first page's
        // resourceVersion delivers them too.
        #expect(seen == ["dev-b/cache", "dev/web", "prod/db", "prod/web-1", "prod/web-2", "zz/zzz"])
    }

    @Test(arguments: StoreFactory.all)
    func pagingWithinANamespaceAndWithSelectors(factory: StoreFactory) throws {
        let store = try populated(factory)
        let first = try store.list(Widget.groupKind, namespace: "prod", limit: 1)
        #expect(first.items.map(\.metadata.name) == ["db"])
        let second = try store.list(Widget.groupKind, namespace: "prod", limit: 1, continue: first.continueToken)
        #expect(second.items.map(\.metadata.name) == ["web-1"])
        let third = try store.list(Widget.groupKind, namespace: "prod", limit: 1, continue: second.continueToken)
        #expect(third.items.map(\.metadata.name) == ["web-2"])
        #expect(third.continueToken == nil)

        let web = TestLabels(.equals("app", "web"))
        let labelled = try store.list(Widget.groupKind, labels: web, limit: 2)
        #expect(labelled.items.map(\.metadata.name) == ["web", "web-1"])
        let rest = try store.list(Widget.groupKind, labels: web, limit: 2, continue: labelled.continueToken)
        #expect(rest.items.map(\.metadata.name) == ["web-2"])
        #expect(rest.continueToken == nil)
    }

    @Test(arguments: StoreFactory.all)
    func exactlyFullPageHasNoContinueToken(factory: StoreFactory) throws {
        let store = try populated(factory)
        let page = try store.list(Widget.groupKind, namespace: "prod", limit: 3)
        #expect(page.items.count == 3)
        #expect(page.continueToken == nil)
        #expect(try store.list(Gadget.groupKind, limit: 0).items.count == 1)
    }

    @Test(arguments: StoreFactory.all)
    func continueTokenSurvivesDeletionOfTheLastItem(factory: StoreFactory) throws {
        let store = try populated(factory)
        let first = try store.list(Widget.groupKind, namespace: "prod", limit: 1)
        try store.delete(Widget.key("db", namespace: "prod"))
        let second = try store.list(Widget.groupKind, namespace: "prod", limit: 5, continue: first.continueToken)
        #expect(second.items.map(\.metadata.name) == ["web-1", "web-2"])
    }

    @Test(arguments: StoreFactory.all)
    func malformedContinueTokenIsABadRequest(factory: StoreFactory) throws {
        let store = try populated(factory)
        for token in ["%%%", "bm90LWpzb24", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MCwic3RhcnQiOiJhXHUwMDAwIn0"] {
            let error = try #require(storeError { _ = try store.list(Widget.groupKind, limit: 1, continue: token) })
            #expect(error.reason == .badRequest)
            #expect(error.message.hasPrefix("invalid continue token: continue key is not valid"))
        }
    }

    @Test(arguments: StoreFactory.all)
    func continueTokenOlderThanTheHistoryExpires(factory: StoreFactory) throws {
        let store = StoreFixture(factory, historyCapacity: 3).store
        for name in ["a", "b", "c"] { try store.create(Widget(name)) }
        let page = try store.list(Widget.groupKind, limit: 1)
        for name in ["d", "e", "f", "g"] { try store.create(Widget(name)) }
        let error = try #require(
            storeError { _ = try store.list(Widget.groupKind, limit: 1, continue: page.continueToken) }
        )
        #expect(error.reason == .expired)
        #expect(error.code == 410)
        #expect(error.message.hasPrefix("The provided continue parameter is too old"))
    }

    @Test(arguments: StoreFactory.all)
    func typedReadsReturnTheKindsType(factory: StoreFactory) throws {
        let store = try populated(factory)
        let widgets: [Widget] = try store.list(
            Widget.self,
            namespace: "prod",
            labels: TestLabels(.equals("tier", "front"))
        )
        #expect(widgets.map(\.metadata.name) == ["web-1", "web-2"])
        #expect(widgets.allSatisfy { $0.spec.nodeName.hasPrefix("n") })
        #expect(store.get(Gadget.self, name: "g1")?.spec.color == "red")
        #expect(store.get(Widget.self, namespace: "dev", name: "nope") == nil)
    }
}
