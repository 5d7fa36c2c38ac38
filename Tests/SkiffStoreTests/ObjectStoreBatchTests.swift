import Foundation
import Testing

@testable import SkiffStore

/// `batch`: writes that commit together (one journal transaction), fail alone, roll back entirely when the journal
/// fails, and reach watchers only once committed.
struct ObjectStoreBatchTests {
    @Test(arguments: StoreFactory.all)
    func writesInsideABatchSeeEachOtherAndAreVisibleAfterIt(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("existing"))
        let observed = try store.batch { writer -> ResourceVersion in
            try writer.create(Widget("a"))
            let a = try #require(writer.get(Widget.self, namespace: "default", name: "a"))
            var bigger = a
            bigger.spec.size = 5
            try writer.update(bigger)
            // The store itself, called on the batch's thread, sees the batch's writes and does not deadlock.
            #expect((store.get(Widget.key("a")) as? Widget)?.spec.size == 5)
            #expect(try store.names(Widget.groupKind) == ["default/a", "default/existing"])
            try writer.delete(Widget.key("existing"), preconditions: DeletePreconditions())
            return store.currentResourceVersion
        }
        #expect(observed == 4)
        #expect(store.currentResourceVersion == 4)
        #expect((store.get(Widget.key("a")) as? Widget)?.spec.size == 5)
        #expect(store.get(Widget.key("existing")) == nil)
        // A nested batch joins the running one.
        try store.batch { outer in
            _ = try store.batch { inner in try inner.create(Widget("nested")) }
            #expect(outer.get(Widget.key("nested")) != nil)
        }
        #expect(store.get(Widget.key("nested")) != nil)
    }

    @Test(arguments: StoreFactory.all)
    func aFailingWriteFailsAloneAndTheBodysErrorComesAfterTheCommit(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("taken"))
        var failures: [StoreError.Reason] = []
        try store.batch { writer in
            try writer.create(Widget("a"))
            do {
                try writer.create(Widget("taken"))
            } catch {
                failures.append((error as! StoreError).reason)
            }
            var stale = Widget("a")
            stale.metadata.resourceVersion = 1
            do {
                try writer.update(stale)
            } catch {
                failures.append((error as! StoreError).reason)
            }
            try writer.create(Widget("b"))
        }
        #expect(failures == [.alreadyExists, .conflict])
        #expect(try store.names(Widget.groupKind) == ["default/a", "default/b", "default/taken"])
        #expect(store.currentResourceVersion == 3)

        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.batch { writer in
                try writer.create(Widget("c"))
                throw Stop()
            }
        }
        #expect(store.get(Widget.key("c")) != nil)
    }

    @Test(arguments: StoreFactory.all)
    func watchersGetTheBatchsEventsInOrderOnlyAfterItCommits(factory: StoreFactory) throws {
        let store = StoreFixture(factory).store
        try store.create(Widget("old"))
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: Widget.groupKind, from: store.currentResourceVersion) {
            recorder.record($0)
        }
        defer { watch.cancel() }
        try store.batch { writer in
            try writer.create(Widget("a"))
            try writer.update(Widget("a", size: 1))
            try writer.delete(Widget.key("old"), preconditions: DeletePreconditions())
            #expect(recorder.events.isEmpty)
            // A watch cannot start inside a batch: it would see writes not yet durable.
            #expect(storeError { _ = try store.watch(groupKind: nil) { _ in } }?.reason == .badRequest)
        }
        #expect(recorder.summary == ["ADDED a@2", "MODIFIED a@3", "DELETED old@4"])
        // A resumed watch replays them from the history.
        let replay = EventRecorder()
        let resumed = try store.watch(groupKind: Widget.groupKind, from: 1) { replay.record($0) }
        resumed.cancel()
        #expect(replay.summary == ["ADDED a@2", "MODIFIED a@3", "DELETED old@4"])
    }

    @Test func aJournalFailureUndoesTheWholeBatch() throws {
        let journal = FailingJournal()
        let seed: [any APIObject] = [
            stored(Widget("keep", labels: ["tier": "a"]), version: 1),
            stored(Widget("doomed", finalizers: ["f"]), version: 2),
        ]
        let store = MemoryStore(configuration: StoreConfiguration(), journal: journal, objects: seed, resourceVersion: 2)
        store.addIndex(name: "by-size", groupKind: Widget.groupKind) { object in
            ["\((object as! Widget).spec.size)"]
        }
        try store.create(Widget("before"))
        let recorder = EventRecorder()
        let watch = try store.watch(groupKind: nil, from: store.currentResourceVersion) { recorder.record($0) }
        defer { watch.cancel() }
        let before = snapshot(store)

        journal.failNext = true
        let error = storeError {
            try store.batch { writer in
                try writer.create(Widget("new", labels: ["tier": "b"], size: 7))
                try writer.create(Gadget("first-gadget"))
                try writer.update(Widget("keep", labels: ["tier": "c"], size: 9))
                try writer.delete(Widget.key("before"), preconditions: DeletePreconditions())
                try writer.delete(Widget.key("doomed"), preconditions: DeletePreconditions())
            }
        }
        #expect(error?.reason == .serviceUnavailable)
        #expect(journal.batches.count == 1)
        #expect(snapshot(store) == before)
        #expect(store.counts[Gadget.groupKind] == nil)
        #expect(store.keys(index: "by-size", value: "7").isEmpty)
        #expect(store.keys(index: "by-size", value: "0").map(\.name) == ["before", "doomed", "keep"])
        #expect(try store.names(Widget.groupKind, ListOptions(labels: TestLabels.equal(["tier": "a"]))) == ["default/keep"])
        #expect(recorder.events.isEmpty)

        // The versions are given back: the next write takes the one after the last committed.
        try store.create(Widget("after"))
        #expect(store.currentResourceVersion == before.version + 1)
        #expect(recorder.summary == ["ADDED after@\(before.version + 1)"])
        #expect(journal.recorded.map(\.resourceVersion).suffix(2) == [before.version, before.version + 1])
        // Resuming from before the failed batch replays only what committed.
        let replay = EventRecorder()
        try store.watch(groupKind: nil, from: before.version) { replay.record($0) }.cancel()
        #expect(replay.summary == ["ADDED after@\(before.version + 1)"])
    }

    @Test func aBatchIsOneTransactionAndSurvivesReopening() throws {
        let path = TestDatabase.freshPath()
        let configuration = StoreConfiguration(kinds: StoreConfiguration.testKinds)
        var store: SQLiteStore? = try SQLiteStore(path: path, configuration: configuration)
        try store!.create(Widget("a"))
        try store!.batch { writer in
            for index in 0..<50 { try writer.create(Widget("w\(index)", size: index)) }
            try writer.update(Widget("a", size: 3))
            try writer.delete(Widget.key("w0"), preconditions: DeletePreconditions())
        }
        let version = store!.currentResourceVersion
        #expect(version == 53)
        store = nil

        let reopened = try SQLiteStore(path: path, configuration: configuration)
        #expect(reopened.currentResourceVersion == version)
        #expect(reopened.counts[Widget.groupKind] == 50)
        #expect((reopened.get(Widget.key("a")) as? Widget)?.spec.size == 3)
        #expect((reopened.get(Widget.key("w49")) as? Widget)?.spec.size == 49)
        #expect(reopened.get(Widget.key("w0")) == nil)
        try reopened.create(Widget("next"))
        #expect(reopened.currentResourceVersion == version + 1)
    }

    @Test func aBatchTheDiskRefusesChangesNothing() throws {
        let path = TestDatabase.freshPath()
        let configuration = StoreConfiguration(kinds: StoreConfiguration.testKinds)
        let store = try SQLiteStore(path: path, configuration: configuration)
        try store.create(Widget("a"))
        try store.limitPages(to: try store.pageCount())
        let big = String(repeating: "x", count: 20_000)
        let error = storeError {
            try store.batch { writer in
                for index in 0..<20 {
                    var widget = Widget("w\(index)")
                    widget.metadata.annotations = ["big": big]
                    try writer.create(widget)
                }
            }
        }
        #expect(error?.reason == .serviceUnavailable)
        #expect(store.currentResourceVersion == 1)
        #expect(store.counts[Widget.groupKind] == 1)
        #expect(!store.isWritable)
        try store.limitPages(to: 100_000)
        try store.create(Widget("b"))
        #expect(store.currentResourceVersion == 2)
    }

    // MARK: - Support

    private func stored(_ widget: Widget, version: ResourceVersion) -> any APIObject {
        var copy = widget
        copy.metadata.uid = "uid-\(widget.metadata.name)"
        copy.metadata.resourceVersion = version
        copy.metadata.generation = 1
        return copy
    }

    private struct Snapshot: Equatable {
        var version: ResourceVersion
        var objects: [String]
        var counts: [GroupKind: Int]
    }

    private func snapshot(_ store: MemoryStore) -> Snapshot {
        let widgets = (try? store.list(Widget.self)) ?? []
        return Snapshot(
            version: store.currentResourceVersion,
            objects: widgets.map {
                "\($0.metadata.name)@\($0.metadata.resourceVersion) size=\($0.spec.size) labels=\($0.metadata.labels) "
                    + "deleting=\($0.metadata.deletionTimestamp != nil)"
            },
            counts: store.counts
        )
    }
}

/// A journal that keeps what it is given and can be told to refuse the next batch.
private final class FailingJournal: StoreJournal {
    private let state = Locked<(failNext: Bool, recorded: [StoreChange], batches: [[StoreChange]])>((false, [], []))

    var failNext: Bool {
        get { state.withLock { $0.failNext } }
        set { state.withLock { $0.failNext = newValue } }
    }

    var recorded: [StoreChange] { state.withLock { $0.recorded } }
    var batches: [[StoreChange]] { state.withLock { $0.batches } }

    func record(_ change: StoreChange) throws(StoreError) {
        try record([change])
    }

    func record(_ changes: [StoreChange]) throws(StoreError) {
        let fail = state.withLock { state -> Bool in
            if changes.count > 1 { state.batches.append(changes) }
            if state.failNext {
                state.failNext = false
                return true
            }
            state.recorded.append(contentsOf: changes)
            return false
        }
        if fail { throw .unavailable("the test journal refuses this batch") }
    }
}
