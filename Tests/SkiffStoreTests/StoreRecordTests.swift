import Foundation
import Testing

@testable import SkiffStore

/// Side-table records (``StoreRecordChange``): kept with the objects, saved in a batch's transaction, never more
/// durable than the batch's writes.
struct StoreRecordTests {
    @Test(arguments: StoreFactory.all)
    func recordsArePutReplacedAndRemoved(_ factory: StoreFactory) throws {
        let store = factory.make(StoreConfiguration())
        try store.putRecord([1, 2, 3], key: "a", table: "t")
        try store.putRecord([4], key: "b", table: "t")
        try store.putRecord([5], key: "a", table: "other")
        try store.putRecord([9], key: "a", table: "t")
        try store.putRecord(nil, key: "b", table: "t")
        #expect(store.records(table: "t") == ["a": [9]])
        #expect(store.records(table: "other") == ["a": [5]])
        #expect(store.records(table: "none").isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func aBatchSavesItsRecordsWhenItsWritesCommit(_ factory: StoreFactory) throws {
        let store = factory.make(StoreConfiguration())
        try store.batch { writer in
            try writer.create(Widget("a"))
            try writer.putRecord([1], key: "a.yaml", table: "files")
        }
        #expect(store.records(table: "files") == ["a.yaml": [1]])
        #expect(store.get(Widget.key("a")) != nil)
        // A batch of records alone.
        try store.batch { writer in try writer.putRecord(nil, key: "a.yaml", table: "files") }
        #expect(store.records(table: "files").isEmpty)
    }

    @Test func recordsSurviveReopeningAndAFailedCommitSavesNone() throws {
        let path = TestDatabase.freshPath()
        let configuration = StoreConfiguration(kinds: StoreConfiguration.testKinds)
        do {
            let store = try SQLiteStore(path: path, configuration: configuration)
            try store.batch { writer in
                try writer.create(Widget("a"))
                try writer.putRecord(Array(repeating: 7, count: 100), key: "a.yaml", table: "files")
            }
            let version = store.currentResourceVersion
            try store.limitPages(to: try store.pageCount())
            #expect(throws: StoreError.self) {
                try store.batch { writer in
                    try writer.create(Widget("b", nodeName: String(repeating: "x", count: 20_000)))
                    try writer.putRecord([1], key: "b.yaml", table: "files")
                }
            }
            #expect(store.currentResourceVersion == version)
            #expect(store.records(table: "files").keys.sorted() == ["a.yaml"])
        }
        let reopened = try SQLiteStore(path: path, configuration: configuration)
        #expect(reopened.records(table: "files") == ["a.yaml": Array(repeating: 7, count: 100)])
        #expect(reopened.get(Widget.key("a")) != nil)
        #expect(reopened.get(Widget.key("b")) == nil)
    }
}
