import SkiffStore
import Testing

struct ObjectStoreDeleteTests {
    @Test(arguments: StoreFactory.all)
    func deleteRemovesAnObjectWithoutFinalizers(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a"))
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, from: 1) { recorder.record($0) }
        defer { watch.cancel() }
        let result = try store.delete(Widget.key("a"))
        #expect(!result.isPending)
        #expect(result.object.metadata.resourceVersion == 2)
        #expect(store.get(Widget.key("a")) == nil)
        #expect(recorder.summary == ["DELETED a@2"])
        #expect(store.currentResourceVersion == 2)
    }

    @Test(arguments: StoreFactory.all)
    func deleteWithFinalizersMarksTheObject(factory: StoreFactory) throws {
        let fixture = StoreFixture(factory)
        let store = fixture.store
        try store.create(Widget("a", finalizers: ["skiff.dev/cleanup"]))
        fixture.clock.advance(by: 30)
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, from: 1) { recorder.record($0) }
        defer { watch.cancel() }
        let result = try store.delete(Widget.key("a"))
        #expect(result.isPending)
        let marked = try #require(store.get(Widget.self, namespace: "default", name: "a"))
        #expect(marked.metadata.deletionTimestamp == fixture.clock.now)
        #expect(marked.metadata.generation == 2)
        #expect(marked.metadata.resourceVersion == 2)
        #expect(recorder.summary == ["MODIFIED a@2"])
        fixture.clock.advance(by: 30)
        let again = try store.delete(Widget.key("a"))
        #expect(again.isPending)
        #expect(again.object.metadata.deletionTimestamp == marked.metadata.deletionTimestamp)
        #expect(store.currentResourceVersion == 2)
        #expect(recorder.events.count == 1)
    }

    @Test(arguments: StoreFactory.all)
    func removingTheLastFinalizerDeletes(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a", finalizers: ["one", "two"]))
        try store.delete(Widget.key("a"))
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, from: 2) { recorder.record($0) }
        defer { watch.cancel() }
        var widget = try #require(store.get(Widget.self, namespace: "default", name: "a"))
        widget.metadata.finalizers = ["two"]
        widget = try store.update(widget)
        #expect(store.get(Widget.key("a")) != nil)
        widget.metadata.finalizers = []
        let final = try store.update(widget)
        #expect(final.metadata.resourceVersion == 4)
        #expect(final.metadata.finalizers.isEmpty)
        #expect(store.get(Widget.key("a")) == nil)
        #expect(recorder.summary == ["MODIFIED a@3", "DELETED a@4"])
    }

    @Test(arguments: StoreFactory.all)
    func finalizersCannotBeAddedToATerminatingObject(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a", finalizers: ["one"]))
        try store.delete(Widget.key("a"))
        var widget = try #require(store.get(Widget.self, namespace: "default", name: "a"))
        widget.metadata.finalizers = ["one", "two"]
        let error = try #require(storeError { try store.update(widget) })
        #expect(error.reason == .invalid)
        #expect(
            error.message
                == "Widget.test.skiff.dev \"a\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be "
                + "added if the object is being deleted, found new finalizers []string{\"two\"}"
        )
    }

    @Test(arguments: StoreFactory.all)
    func terminatingObjectsStillTakeSpecAndStatusWrites(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a", finalizers: ["one"]))
        try store.delete(Widget.key("a"))
        var widget = try #require(store.get(Widget.self, namespace: "default", name: "a"))
        widget.status.phase = "Terminating"
        widget = try store.updateStatus(widget)
        widget.spec.size = 3
        widget = try store.update(widget)
        #expect(widget.metadata.deletionTimestamp != nil)
        #expect(widget.status.phase == "Terminating")
        #expect(widget.spec.size == 3)
    }

    @Test(arguments: StoreFactory.all)
    func deletePreconditionsConflict(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let created = try store.create(Widget("a"))
        let uidError = try #require(
            storeError { try store.delete(Widget.key("a"), preconditions: DeletePreconditions(uid: "other")) }
        )
        #expect(uidError.reason == .conflict)
        #expect(
            uidError.message
                == "Operation cannot be fulfilled on widgets.test.skiff.dev \"a\": Precondition failed: UID in "
                + "precondition: other, UID in object meta: \(created.metadata.uid)"
        )
        let versionError = try #require(
            storeError { try store.delete(Widget.key("a"), preconditions: DeletePreconditions(resourceVersion: 7)) }
        )
        #expect(
            versionError.message
                == "Operation cannot be fulfilled on widgets.test.skiff.dev \"a\": Precondition failed: "
                + "ResourceVersion in precondition: 7, ResourceVersion in object meta: 1"
        )
        let matching = DeletePreconditions(uid: created.metadata.uid, resourceVersion: 1)
        #expect(try !store.delete(Widget.key("a"), preconditions: matching).isPending)
    }

    @Test(arguments: StoreFactory.all)
    func deletingAMissingObjectIsNotFound(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let error = try #require(storeError { try store.delete(Gadget.key("nope")) })
        #expect(error.reason == .notFound)
        #expect(error.message == "gadgets \"nope\" not found")
        #expect(error.kind == "gadgets")
        #expect(error.name == "nope")
    }

    @Test(arguments: StoreFactory.all)
    func aDeletedNameCanBeCreatedAgainWithANewUID(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let first = try store.create(Widget("a"))
        try store.delete(Widget.key("a"))
        let second = try store.create(Widget("a"))
        #expect(second.metadata.uid != first.metadata.uid)
        #expect(second.metadata.resourceVersion == 3)
    }
}
