import Testing

@testable import SkiffStore

struct ObjectStoreWatchTests {
    @Test(arguments: StoreFactory.all)
    func watchFromZeroStartsWithTheCurrentState(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("b"))
        try store.create(Widget("a"))
        try store.create(Gadget("g"))
        for from in [nil, 0] as [ResourceVersion?] {
            let recorder = EventRecorder()
            let versionOfA = try #require(store.get(Widget.key("a"))).metadata.resourceVersion
            let watch = try store.watch(groupKind: Widget.groupKind, from: from) { recorder.record($0) }
            #expect(recorder.summary == ["ADDED a@\(versionOfA)", "ADDED b@1"])
            try store.update(Widget("a", size: from == nil ? 1 : 2))
            #expect(recorder.summary.last == "MODIFIED a@\(store.currentResourceVersion)")
            watch.cancel()
        }
    }

    @Test(arguments: StoreFactory.all)
    func watchFromAVersionReplaysEveryLaterEvent(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a"))
        try store.create(Widget("b"))
        try store.update(Widget("a", size: 1))
        try store.delete(Widget.key("b"))
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, from: 1) { recorder.record($0) }
        defer { watch.cancel() }
        #expect(recorder.summary == ["ADDED b@2", "MODIFIED a@3", "DELETED b@4"])
        try store.create(Widget("c"))
        #expect(recorder.summary.last == "ADDED c@5")
        let current = try store.watch(groupKind: nil, from: store.currentResourceVersion) { _ in
            Issue.record("nothing happened after the current version")
        }
        current.cancel()
    }

    @Test(arguments: StoreFactory.all)
    func modifiedEventsCarryThePreviousObject(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a", size: 1))
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, from: 1) { recorder.record($0) }
        defer { watch.cancel() }
        try store.update(Widget("a", size: 2))
        guard case .modified(let object, let previous)? = recorder.events.first else {
            Issue.record("expected MODIFIED, got \(recorder.summary)")
            return
        }
        #expect((object as? Widget)?.spec.size == 2)
        #expect((previous as? Widget)?.spec.size == 1)
        #expect(object.metadata.resourceVersion == 2)
    }

    @Test(arguments: StoreFactory.all)
    func watchFromAnExpiredVersionFails(factory: StoreFactory) throws {
        let store = StoreFixture(factory, historyCapacity: 3).store
        for name in ["a", "b", "c", "d", "e"] { try store.create(Widget(name)) }
        let error = try #require(storeError { _ = try store.watch(groupKind: nil, from: 1) { _ in } })
        #expect(error.reason == .expired)
        #expect(error.code == 410)
        #expect(error.message == "too old resource version: 1 (2)")
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: nil, from: 2) { recorder.record($0) }
        watch.cancel()
        #expect(recorder.summary == ["ADDED c@3", "ADDED d@4", "ADDED e@5"])
    }

    @Test(arguments: StoreFactory.all)
    func watchFromAFutureVersionTimesOut(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a"))
        let error = try #require(storeError { _ = try store.watch(groupKind: nil, from: 9) { _ in } })
        #expect(error.reason == .timeout)
        #expect(error.code == 504)
        #expect(error.message == "Too large resource version: 9, current: 1")
    }

    @Test(arguments: StoreFactory.all)
    func eventsArriveInResourceVersionOrderAcrossKinds(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: nil) { recorder.record($0) }
        defer { watch.cancel() }
        try store.create(Widget("a"))
        try store.create(Gadget("g"))
        try store.update(Widget("a", size: 1))
        try store.delete(Gadget.key("g"))
        #expect(recorder.summary == ["ADDED a@1", "ADDED g@2", "MODIFIED a@3", "DELETED g@4"])
    }

    @Test(arguments: StoreFactory.all)
    func watchFiltersByKindAndNamespace(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, namespace: "prod") { recorder.record($0) }
        defer { watch.cancel() }
        try store.create(Widget("a", namespace: "dev"))
        try store.create(Widget("b", namespace: "prod"))
        try store.create(Gadget("g"))
        #expect(recorder.summary == ["ADDED b@2"])
    }

    @Test(arguments: StoreFactory.all)
    func selectorWatchSeesObjectsEnterAndLeave(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let recorder = EventRecorder()
        let options = WatchOptions(groupKind: Widget.groupKind, labels: TestLabels(.equals("app", "web")))
        let watch = try store.watch(options) { recorder.record($0) }
        defer { watch.cancel() }
        try store.create(Widget("a", labels: ["app": "db"]))
        try store.update(Widget("a", labels: ["app": "web"]))
        try store.update(Widget("a", labels: ["app": "web"], size: 1))
        try store.update(Widget("a", labels: ["app": "db"], size: 1))
        try store.delete(Widget.key("a"))
        #expect(recorder.summary == ["ADDED a@2", "MODIFIED a@3", "DELETED a@4"])

        let nodeRecorder = EventRecorder()
        let byNode = try store.watch(
            WatchOptions(groupKind: Widget.groupKind, fields: TestFields.equal("spec.nodeName", "n1"))
        ) { nodeRecorder.record($0) }
        defer { byNode.cancel() }
        try store.create(Widget("p"))
        try store.update(Widget("p", nodeName: "n1"))
        #expect(nodeRecorder.summary == ["ADDED p@7"])
    }

    @Test(arguments: StoreFactory.all)
    func bookmarksReachOnlyWatchersThatAskForThem(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let withBookmarks = EventRecorder()
        let without = EventRecorder()
        let first = try store.watch(groupKind: Gadget.groupKind, bookmarks: true) { withBookmarks.record($0) }
        let second = try store.watch(groupKind: Gadget.groupKind) { without.record($0) }
        defer {
            first.cancel()
            second.cancel()
        }
        try store.create(Widget("a"))
        try store.create(Widget("b"))
        store.sendBookmarks()
        #expect(withBookmarks.summary == ["BOOKMARK @2"])
        #expect(without.events.isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func cancelledWatchesReceiveNothing(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: nil) { recorder.record($0) }
        #expect(store.watcherCount == 1)
        try store.create(Widget("a"))
        watch.cancel()
        watch.cancel()
        #expect(watch.isCancelled)
        #expect(store.watcherCount == 0)
        try store.create(Widget("b"))
        #expect(recorder.summary == ["ADDED a@1"])
    }

    @Test(arguments: StoreFactory.all)
    func handlersSeeTheWriteInTheStoreAndMayWrite(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        let seen = Locked<[String]>([])
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind) { event in
            recorder.record(event)
            guard case .added(let object) = event else { return }
            // The write is visible before its event is delivered.
            let stored = store.get(object.key)
            seen.withLock { $0.append("\(object.metadata.name):\(stored?.metadata.resourceVersion ?? 0)") }
            // A write from the handler is delivered after the handler returns, in order.
            if object.metadata.name == "a" {
                _ = try? store.create(Widget("from-handler"))
                let inner = try? store.watch(groupKind: Gadget.groupKind) { _ in }
                inner?.cancel()
            }
        }
        defer { watch.cancel() }
        try store.create(Widget("a"))
        #expect(seen.withLock { $0 } == ["a:1", "from-handler:2"])
        #expect(recorder.summary == ["ADDED a@1", "ADDED from-handler@2"])
    }

    @Test(arguments: StoreFactory.all)
    func watchStreamDeliversTheStartThenLiveEvents(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("a"))
        let stream = try store.watchStream(groupKind: Widget.groupKind, from: 0)
        try store.create(Widget("b"))
        try store.delete(Widget.key("a"))
        var summary: [String] = []
        for try await event in stream {
            summary.append(event.summary)
            if summary.count == 3 { break }
        }
        #expect(summary == ["ADDED a@1", "ADDED b@2", "DELETED a@3"])
    }

    @Test(arguments: StoreFactory.all)
    func watchStreamResumesFromAVersion(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        for name in ["a", "b", "c"] { try store.create(Widget(name)) }
        let stream = try store.watchStream(groupKind: Widget.groupKind, from: 1, bufferCapacity: 1)
        var iterator = stream.makeAsyncIterator()
        #expect(try await iterator.next()?.summary == "ADDED b@2")
        #expect(try await iterator.next()?.summary == "ADDED c@3")
        try store.create(Widget("d"))
        #expect(try await iterator.next()?.summary == "ADDED d@4")
    }

    @Test(arguments: StoreFactory.all)
    func slowStreamConsumerIsClosedRatherThanBuffered(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        let stream = try store.watchStream(groupKind: Widget.groupKind, bufferCapacity: 3)
        for index in 0..<10 { try store.create(Widget("w\(index)")) }
        #expect(store.watcherCount == 0)
        var received: [String] = []
        var failure: (any Error)?
        do {
            for try await event in stream { received.append(event.summary) }
        } catch {
            failure = error
        }
        #expect(received == ["ADDED w0@1", "ADDED w1@2", "ADDED w2@3"])
        #expect(failure as? WatchOverflowError == WatchOverflowError(capacity: 3))
    }

    @Test(arguments: StoreFactory.all)
    func cancellingAStreamRemovesItsWatcher(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        let stream = try store.watchStream(groupKind: nil)
        #expect(store.watcherCount == 1)
        try store.create(Widget("a"))
        stream.cancel()
        #expect(store.watcherCount == 0)
        try store.create(Widget("b"))
        var received: [String] = []
        for try await event in stream { received.append(event.summary) }
        #expect(received == ["ADDED a@1"])
    }

    @Test(arguments: StoreFactory.all)
    func droppingAStreamRemovesItsWatcher(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        do {
            let stream = try store.watchStream(groupKind: nil)
            _ = stream.makeAsyncIterator()
            #expect(store.watcherCount == 1)
        }
        #expect(store.watcherCount == 0)
    }

    @Test(arguments: StoreFactory.all)
    func cancellingTheConsumingTaskRemovesItsWatcher(factory: StoreFactory) async throws {
        let store = StoreFixture(factory).store
        let stream = try store.watchStream(groupKind: nil)
        let started = AsyncStream<Void>.makeStream()
        let consumer = Task {
            var count = 0
            for try await _ in stream {
                count += 1
                started.continuation.yield()
            }
            return count
        }
        try store.create(Widget("a"))
        var startedIterator = started.stream.makeAsyncIterator()
        await startedIterator.next()
        consumer.cancel()
        #expect(try await consumer.value == 1)
        #expect(store.watcherCount == 0)
    }
}
