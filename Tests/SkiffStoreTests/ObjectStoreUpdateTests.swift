import SkiffStore
import Testing

struct ObjectStoreUpdateTests {
    @Test(arguments: StoreFactory.all)
    func staleResourceVersionConflicts(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let original = try store.create(Widget("a"))
        var first = original
        first.spec.size = 1
        try store.update(first)
        var stale = original
        stale.spec.size = 2
        let error = try #require(storeError { try store.update(stale) })
        #expect(error.reason == .conflict)
        #expect(error.code == 409)
        #expect(
            error.message
                == "Operation cannot be fulfilled on widgets.test.skiff.dev \"a\": the object has been modified; "
                + "please apply your changes to the latest version and try again"
        )
        #expect(store.get(Widget.self, namespace: "default", name: "a")?.spec.size == 1)
    }

    @Test(arguments: StoreFactory.all)
    func zeroResourceVersionUpdatesUnconditionally(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a"))
        try store.update(Widget("a", size: 1))
        let updated = try store.update(Widget("a", size: 2))
        #expect(updated.spec.size == 2)
        #expect(updated.metadata.resourceVersion == 3)
    }

    @Test(arguments: StoreFactory.all)
    func generationMovesOnlyWhenTheSpecChanges(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        var widget = try store.create(Widget("a"))
        widget.metadata.labels = ["app": "web"]
        widget.metadata.annotations = ["note": "x"]
        widget = try store.update(widget)
        #expect(widget.metadata.generation == 1)
        #expect(widget.metadata.resourceVersion == 2)
        #expect(widget.metadata.labels == ["app": "web"])
        widget.spec.size = 5
        widget = try store.update(widget)
        #expect(widget.metadata.generation == 2)
        #expect(widget.metadata.resourceVersion == 3)
        widget.metadata.generation = 40
        widget = try store.update(widget)
        #expect(widget.metadata.generation == 2)
    }

    @Test(arguments: StoreFactory.all)
    func updateNeverChangesStatus(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        var widget = try store.create(Widget("a"))
        widget.status.phase = "Running"
        widget = try store.updateStatus(widget)
        widget.status.phase = "Hacked"
        widget.spec.size = 9
        let updated = try store.update(widget)
        #expect(updated.status.phase == "Running")
        #expect(updated.spec.size == 9)
    }

    @Test(arguments: StoreFactory.all)
    func updateKeepsServerSetFields(factory: StoreFactory) throws {
        let fixture = StoreFixture(factory)
        let created = try fixture.store.create(Widget("a"))
        fixture.clock.advance(by: 60)
        var changed = created
        changed.metadata.creationTimestamp = Timestamp(seconds: 1)
        changed.metadata.deletionTimestamp = Timestamp(seconds: 2)
        changed.spec.size = 4
        let updated = try fixture.store.update(changed)
        #expect(updated.metadata.uid == created.metadata.uid)
        #expect(updated.metadata.creationTimestamp == created.metadata.creationTimestamp)
        #expect(updated.metadata.deletionTimestamp == nil)
    }

    @Test(arguments: StoreFactory.all)
    func updateRejectsAChangedUID(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        var widget = try store.create(Widget("a"))
        widget.metadata.uid = "other"
        let error = try #require(storeError { try store.update(widget) })
        #expect(error.reason == .invalid)
        #expect(
            error.message
                == "Widget.test.skiff.dev \"a\" is invalid: metadata.uid: Invalid value: \"other\": field is immutable"
        )
    }

    @Test(arguments: StoreFactory.all)
    func noOpUpdateKeepsTheVersionAndEmitsNothing(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let created = try store.create(Widget("a", labels: ["app": "web"], size: 1))
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, from: created.metadata.resourceVersion) {
            recorder.record($0)
        }
        defer { watch.cancel() }
        let same = try store.update(Widget("a", labels: ["app": "web"], size: 1))
        #expect(same.metadata.resourceVersion == created.metadata.resourceVersion)
        let sameStatus = try store.updateStatus(created)
        #expect(sameStatus.metadata.resourceVersion == created.metadata.resourceVersion)
        #expect(store.currentResourceVersion == created.metadata.resourceVersion)
        #expect(recorder.events.isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func updateOfAMissingObjectIsNotFound(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let error = try #require(storeError { try store.update(Widget("ghost")) })
        #expect(error.reason == .notFound)
        #expect(error.code == 404)
        #expect(error.message == "widgets.test.skiff.dev \"ghost\" not found")
        let statusError = try #require(storeError { try store.updateStatus(Gadget("ghost")) })
        #expect(statusError.message == "gadgets \"ghost\" not found")
    }

    @Test(arguments: StoreFactory.all)
    func updateStatusChangesOnlyStatus(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let created = try store.create(Widget("a", labels: ["app": "web"], size: 1))
        var incoming = created
        incoming.status = Widget.Status(phase: "Running", observedGeneration: 1)
        incoming.spec.size = 99
        incoming.metadata.labels = [:]
        incoming.metadata.finalizers = ["x"]
        let updated = try store.updateStatus(incoming)
        #expect(updated.status.phase == "Running")
        #expect(updated.spec.size == 1)
        #expect(updated.metadata.labels == ["app": "web"])
        #expect(updated.metadata.finalizers.isEmpty)
        #expect(updated.metadata.generation == 1)
        #expect(updated.metadata.resourceVersion == 2)
    }

    @Test(arguments: StoreFactory.all)
    func updateStatusFollowsTheConflictRule(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let created = try store.create(Widget("a"))
        try store.update(Widget("a", size: 1))
        var stale = created
        stale.status.phase = "Running"
        let error = try #require(storeError { try store.updateStatus(stale) })
        #expect(error.reason == .conflict)
        stale.metadata.resourceVersion = 0
        #expect(try store.updateStatus(stale).status.phase == "Running")
    }
}
