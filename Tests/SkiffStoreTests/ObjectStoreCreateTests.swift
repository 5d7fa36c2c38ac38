import SkiffStore
import Testing

struct ObjectStoreCreateTests {
    @Test(arguments: StoreFactory.all)
    func createAssignsServerSetMetadata(factory: StoreFactory) throws {
        let fixture = StoreFixture(factory)
        var widget = Widget("a", size: 3)
        widget.metadata.uid = "client-chosen"
        widget.metadata.generation = 7
        widget.metadata.resourceVersion = 99
        widget.metadata.deletionTimestamp = Timestamp(seconds: 5)
        let stored = try fixture.store.create(widget)
        #expect(stored.metadata.uid == "uid-1")
        #expect(stored.metadata.creationTimestamp == fixture.clock.now)
        #expect(stored.metadata.generation == 1)
        #expect(stored.metadata.resourceVersion == 1)
        #expect(stored.metadata.deletionTimestamp == nil)
        #expect(stored.spec.size == 3)
        #expect(fixture.store.currentResourceVersion == 1)
        let read = try #require(fixture.store.get(Widget.self, namespace: "default", name: "a"))
        #expect(read.metadata == stored.metadata)
    }

    @Test(arguments: StoreFactory.all)
    func createKeepsTheGivenStatus(factory: StoreFactory) throws {
        let fixture = StoreFixture(factory)
        var widget = Widget("a")
        widget.status = Widget.Status(phase: "Ready")
        let stored = try fixture.store.create(widget)
        #expect(stored.status.phase == "Ready")
    }

    @Test(arguments: StoreFactory.all)
    func resourceVersionIncreasesAcrossKinds(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let first = try store.create(Widget("a"))
        let second = try store.create(Gadget("g"))
        let third = try store.create(Widget("b", namespace: "other"))
        #expect(
            [first.metadata.resourceVersion, second.metadata.resourceVersion, third.metadata.resourceVersion] == [
                1, 2, 3,
            ]
        )
        #expect(store.currentResourceVersion == 3)
    }

    @Test(arguments: StoreFactory.all)
    func createRejectsAnExistingKey(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a"))
        try store.create(Widget("a", namespace: "other"))
        let error = try #require(storeError { try store.create(Widget("a")) })
        #expect(error.reason == .alreadyExists)
        #expect(error.code == 409)
        #expect(error.message == "widgets.test.skiff.dev \"a\" already exists")
        try store.create(Gadget("g"))
        let coreError = try #require(storeError { try store.create(Gadget("g")) })
        #expect(coreError.message == "gadgets \"g\" already exists")
        #expect(store.currentResourceVersion == 3)
    }

    @Test(arguments: StoreFactory.all)
    func generateNameAppendsFiveCharacters(factory: StoreFactory) throws {
        let store = factory.make(StoreConfiguration())
        var widget = Widget("")
        widget.metadata.generateName = "train-"
        let stored = try store.create(widget)
        let name = stored.metadata.name
        #expect(name.hasPrefix("train-"))
        #expect(name.count == "train-".count + 5)
        #expect(name.dropFirst("train-".count).allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        #expect(stored.metadata.generateName == "train-")
        #expect(store.get(stored.key) != nil)
    }

    @Test(arguments: StoreFactory.all)
    func generateNameTruncatesALongBase(factory: StoreFactory) throws {
        let fixture = StoreFixture(factory, suffixes: ["xxxxx"])
        var widget = Widget("")
        widget.metadata.generateName = String(repeating: "a", count: 70)
        let stored = try fixture.store.create(widget)
        #expect(stored.metadata.name == String(repeating: "a", count: 58) + "xxxxx")
    }

    @Test(arguments: StoreFactory.all)
    func generateNameRetriesACollidingSuffix(factory: StoreFactory) throws {
        let fixture = StoreFixture(factory, suffixes: ["bbbbb", "bbbbb", "ccccc"])
        var widget = Widget("")
        widget.metadata.generateName = "job-"
        #expect(try fixture.store.create(widget).metadata.name == "job-bbbbb")
        #expect(try fixture.store.create(widget).metadata.name == "job-ccccc")
    }

    @Test(arguments: StoreFactory.all)
    func generateNameGivesUpAfterEightCollisions(factory: StoreFactory) throws {
        let fixture = StoreFixture(factory, suffixes: Array(repeating: "bbbbb", count: 9))
        var widget = Widget("")
        widget.metadata.generateName = "job-"
        try fixture.store.create(widget)
        let error = try #require(storeError { try fixture.store.create(widget) })
        #expect(error.reason == .alreadyExists)
        #expect(error.message == "widgets.test.skiff.dev \"job-bbbbb\" already exists")
    }

    @Test(arguments: StoreFactory.all)
    func createRequiresANameOrGenerateName(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let error = try #require(storeError { try store.create(Widget("")) })
        #expect(error.reason == .invalid)
        #expect(error.code == 422)
        #expect(
            error.message
                == "Widget.test.skiff.dev \"\" is invalid: metadata.name: Required value: "
                + "name or generateName is required"
        )
        #expect(error.causes.map(\.field) == ["metadata.name"])
        #expect(store.currentResourceVersion == 0)
    }

    @Test(arguments: StoreFactory.all)
    func createChecksTheNamespaceAgainstTheKindsScope(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let missing = try #require(storeError { try store.create(Widget("a", namespace: "")) })
        #expect(missing.message == "Widget.test.skiff.dev \"a\" is invalid: metadata.namespace: Required value")
        var gadget = Gadget("g")
        gadget.metadata.namespace = "default"
        let forbidden = try #require(storeError { try store.create(gadget) })
        #expect(forbidden.message == "Gadget \"g\" is invalid: metadata.namespace: Forbidden: not allowed on this type")
    }

    @Test(arguments: StoreFactory.all)
    func createRejectsAnInvalidName(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let error = try #require(storeError { try store.create(Widget("Bad/Name")) })
        #expect(error.reason == .invalid)
        #expect(error.causes.first?.field == "metadata.name")
        #expect(error.causes.first?.type == "FieldValueInvalid")
        #expect(
            error.message.hasPrefix(
                "Widget.test.skiff.dev \"Bad/Name\" is invalid: metadata.name: Invalid value: \"Bad/Name\""
            )
        )
    }

    @Test(arguments: StoreFactory.all)
    func createTakesObjectsOfAnyKind(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let objects: [any APIObject] = [Widget("a"), Gadget("g")]
        let stored = try objects.map { object in try store.create(object) as any APIObject }
        #expect(stored.map(\.metadata.resourceVersion) == [1, 2])
        #expect(stored[1] is Gadget)
    }
}
