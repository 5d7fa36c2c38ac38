import Foundation
import GRDB
import Testing

@testable import SkiffStore

/// What only the SQLite store does: survive being closed and opened again, refuse damaged files, and refuse (with
/// 503, changing nothing) writes it cannot save. The rest of its behaviour is checked by the shared suite.
struct SQLiteStoreTests {
    private let clock = ManualClock(seconds: 1_800_000_000)

    private func open(_ path: String, maxEvents: Int = 5_000) throws -> SQLiteStore {
        let uids = ScriptedValues(prefix: "uid-")
        let clock = self.clock
        return try SQLiteStore(
            path: path,
            configuration: StoreConfiguration(
                clock: { clock.now },
                kinds: StoreConfiguration.testKinds,
                makeUID: { uids.next() }
            ),
            maxEvents: maxEvents
        )
    }

    @Test func everyWriteSurvivesReopening() throws {
        let path = TestDatabase.freshPath()
        var store: SQLiteStore? = try open(path)
        var spec = Widget("a", labels: ["app": "x"], size: 1, finalizers: ["keep"])
        spec.metadata.annotations = ["note": "hello"]
        let created = try store!.create(spec)
        var changed = created
        changed.spec.size = 2
        let updated = try store!.update(changed)
        var status = updated
        status.status = Widget.Status(phase: "Running", observedGeneration: 2)
        let withStatus = try store!.updateStatus(status)
        clock.advance(by: 30)
        let deleting = try store!.delete(Widget.key("a"), preconditions: DeletePreconditions()).object
        try store!.create(Widget("b", namespace: "other"))
        try store!.create(Gadget("g"))
        try store!.delete(Gadget.key("g"), preconditions: DeletePreconditions())
        let version = store!.currentResourceVersion
        store = nil

        let reopened = try open(path)
        #expect(reopened.loadProblems.isEmpty)
        #expect(reopened.currentResourceVersion == version)
        let a = try #require(reopened.get(Widget.self, namespace: "default", name: "a"))
        #expect(a.metadata == deleting.metadata)
        #expect(a.metadata.uid == created.metadata.uid)
        #expect(a.metadata.generation == 3)  // 2 by the spec change, 3 by the deletionTimestamp
        #expect(a.metadata.creationTimestamp == created.metadata.creationTimestamp)
        #expect(a.metadata.deletionTimestamp == Timestamp(seconds: 1_800_000_030))
        #expect(a.metadata.finalizers == ["keep"])
        #expect(a.metadata.annotations == ["note": "hello"])
        #expect(a.spec.size == 2)
        #expect(a.status == withStatus.status)
        #expect(reopened.get(Gadget.key("g")) == nil)
        #expect(try reopened.names(Widget.groupKind) == ["default/a", "other/b"])
        // Versions go on from the saved one (the delete of g was the newest write).
        let next = try reopened.create(Gadget("h"))
        #expect(next.metadata.resourceVersion == version + 1)
        // Indexes are rebuilt from the loaded objects.
        let selected = try reopened.list(
            Widget.groupKind,
            options: ListOptions(labels: TestLabels(.equals("app", "x")))
        )
        #expect(selected.items.map(\.metadata.name) == ["a"])
        // Removing the last finalizer deletes it, durably.
        var last = a
        last.metadata.finalizers = []
        try reopened.update(last)
        let again = try open(path)
        #expect(again.get(Widget.key("a")) == nil)
        #expect(again.currentResourceVersion == reopened.currentResourceVersion)
    }

    @Test func watchesResumeOnlyFromTheLoadedVersion() throws {
        let path = TestDatabase.freshPath()
        var store: SQLiteStore? = try open(path)
        try store!.create(Widget("a"))
        try store!.create(Widget("b"))
        store = nil
        let reopened = try open(path)
        let expired = try #require(
            storeError { _ = try reopened.watch(WatchOptions(resourceVersion: 1)) { _ in } }
        )
        #expect(expired.reason == .expired)
        let recorder = EventRecorder()
        let registration = try reopened.watch(WatchOptions(resourceVersion: 2)) { recorder.record($0) }
        try reopened.create(Widget("c"))
        #expect(recorder.summary == ["ADDED c@3"])
        registration.cancel()
    }

    @Test func aWriteThatCannotBeSavedChangesNothingAndAnswers503() throws {
        let path = TestDatabase.freshPath()
        let store = try open(path)
        try store.create(Widget("a"))
        let version = store.currentResourceVersion
        let recorder = EventRecorder()
        let registration = try store.watch(WatchOptions(resourceVersion: version)) { recorder.record($0) }
        defer { registration.cancel() }
        // The database may not grow any more: SQLite answers as for a full disk (SQLITE_FULL).
        try store.limitPages(to: try store.pageCount())
        let big = Widget("b", size: 1, nodeName: String(repeating: "x", count: 20_000))
        let error = try #require(storeError { try store.create(big) })
        #expect(error.reason == .serviceUnavailable)
        #expect(error.code == 503)
        #expect(error.message.contains(path))
        #expect(store.get(Widget.key("b")) == nil)
        #expect(store.currentResourceVersion == version)
        #expect(recorder.events.isEmpty)
        #expect(!store.isWritable)
        // Space comes back: the next write succeeds, with the version the failed one did not use.
        try store.limitPages(to: 1_000_000)
        #expect(store.probeWritable())
        let stored = try store.create(big)
        #expect(stored.metadata.resourceVersion == version + 1)
        #expect(store.isWritable)
        #expect(recorder.summary == ["ADDED b@\(version + 1)"])
    }

    @Test func aDamagedFileIsRefusedWithItsNameAndTheWayToRebuild() throws {
        let path = TestDatabase.freshPath()
        try Data(repeating: 0x5a, count: 8192).write(to: URL(fileURLWithPath: path))
        do {
            _ = try open(path)
            Issue.record("a damaged file was opened")
        } catch let error as SQLiteStoreError {
            #expect(error.kind == .corrupt)
            #expect(error.description.contains(path))
            #expect(error.description.contains("skiffd --rebuild-state"))
        }
        let aside = try SQLiteStore.moveAside(path, now: Timestamp(seconds: 7))
        #expect(aside == "\(path).broken-7")
        #expect(FileManager.default.fileExists(atPath: aside))
        let fresh = try open(path)
        #expect(fresh.currentResourceVersion == 0)
    }

    @Test func aDatabaseDamagedInsideIsRefused() throws {
        let path = TestDatabase.freshPath()
        var store: SQLiteStore? = try open(path)
        for index in 0..<200 {
            try store!.create(Widget("w\(index)", nodeName: String(repeating: "n", count: 500)))
        }
        store = nil
        // Fold the WAL into the file, then overwrite pages past the header.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 4096 * 2)
        try handle.write(contentsOf: Data(repeating: 0xff, count: 4096 * 4))
        try handle.close()
        do {
            _ = try open(path)
            Issue.record("a damaged database was opened")
        } catch let error as SQLiteStoreError {
            #expect(error.kind == .corrupt)
        }
    }

    @Test func eventsAreBoundedOldestFirst() throws {
        let path = TestDatabase.freshPath()
        var store: SQLiteStore? = try open(path)
        let widget = try store!.create(Widget("a"))
        for index in 0..<10 {
            try store!.create(
                Event(
                    metadata: ObjectMeta(name: "e\(index)", namespace: "default"),
                    spec: EventSpec(involvedObject: ObjectReference(to: widget), reason: "R\(index)")
                )
            )
        }
        store = nil
        let reopened = try open(path, maxEvents: 4)
        #expect(try reopened.names(Event.resource.groupKind) == ["default/e6", "default/e7", "default/e8", "default/e9"])
        #expect(reopened.get(Widget.key("a")) != nil)
        #expect(reopened.currentResourceVersion == 11)
    }

    @Test func savedObjectsOfUnknownKindsAreReportedAndLeftOut() throws {
        let path = TestDatabase.freshPath()
        var store: SQLiteStore? = try open(path)
        try store!.create(Widget("a"))
        try store!.create(Gadget("g"))
        store = nil
        let uids = ScriptedValues(prefix: "other-")
        let reopened = try SQLiteStore(
            path: path,
            configuration: StoreConfiguration(kinds: KindRegistry([Widget.self]), makeUID: { uids.next() })
        )
        #expect(reopened.loadProblems.count == 1)
        #expect(reopened.loadProblems.first?.contains("Gadget") == true)
        #expect(reopened.get(Widget.key("a")) != nil)
    }
}

extension SQLiteStoreTests {
    @Test func manyObjectsWrittenConcurrentlyAreAllThereAfterReopening() async throws {
        let path = TestDatabase.freshPath()
        var store: SQLiteStore? = try open(path)
        let shared = store!
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<500 {
                        _ = try? shared.create(Widget("w\(writer)-\(index)", namespace: "ns\(writer)", size: index))
                    }
                }
            }
        }
        let version = store!.currentResourceVersion
        #expect(version == 2_000)
        store = nil
        let clock = ContinuousClock()
        let began = clock.now
        let reopened = try open(path)
        let took = clock.now - began
        #expect(reopened.counts[Widget.groupKind] == 2_000)
        #expect(reopened.currentResourceVersion == version)
        #expect(reopened.get(Widget.key("w3-499", namespace: "ns3")).map { ($0 as? Widget)?.spec.size } == 499)
        #expect(took < .seconds(30), "loading 2,000 objects took \(took)")
    }
}
