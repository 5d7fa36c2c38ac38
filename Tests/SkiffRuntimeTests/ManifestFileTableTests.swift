import Foundation
import Synchronization
import Testing

@testable import SkiffRuntime

/// The loader's saved file table: a loader started again on the state another left restores the files whose stat
/// is unchanged without reading them, and ends with exactly what a loader reading every file would (same objects,
/// resourceVersions, file states and errors).
struct ManifestFileTableTests {
    let folder: TemporaryFolder
    static let kinds = KindRegistry([Namespace.self, Pod.self, Event.self])

    init() throws {
        folder = try TemporaryFolder()
    }

    /// A loader on `store` as a daemon starting at `seconds` makes it: it trusts every file's signature (the test
    /// writes files just before loading them).
    private func startLoader(
        _ store: any ObjectStore,
        at seconds: Int64,
        trustingRecentFiles: Bool = true,
        limits: YAMLLimits = .default
    ) -> ManifestLoader {
        let loader = ManifestLoader(
            root: folder.path,
            store: store,
            decoder: ManifestDecoder(registry: Self.kinds, limits: limits),
            now: { Timestamp(seconds: seconds) }
        )
        if trustingRecentFiles { loader.setRacyMargin(nanoseconds: 0) }
        return loader
    }

    /// The first full scan, as the folder watcher delivers it at a start, then the prune the control plane runs.
    private func scan(_ loader: ManifestLoader, _ paths: [String]) {
        loader.handle(paths.sorted().map { .upserted(folder.at($0)) })
        loader.pruneUndeclared(kinds: [Namespace.self, Pod.self])
    }

    private func namespaces(_ store: any ObjectStore) throws -> [String: Namespace] {
        var result: [String: Namespace] = [:]
        for item in try store.list(Namespace.resource.groupKind, options: ListOptions()).items {
            result[item.metadata.name] = item as? Namespace
        }
        return result
    }

    private func namespace(_ name: String, labels: [String: String] = [:]) -> String {
        let rendered = labels.sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }.joined(separator: ", ")
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(name)\n  labels: {\(rendered)}\n"
    }

    /// Replaces a file through a temporary file and a rename, as editors save.
    private func replace(_ relative: String, _ contents: String) throws {
        try folder.write(".\(relative).tmp", contents)
        try folder.rename(".\(relative).tmp", to: relative)
    }

    /// What a loader reading every file of the folder on a fresh store ends with, to compare a restart with.
    private func fullLoad(_ paths: [String]) throws -> (states: [ManifestFileState], objects: [String: Namespace]) {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        let loader = startLoader(store, at: 3_000)
        scan(loader, paths)
        return (loader.fileStates(), try namespaces(store))
    }

    /// File states without the time of the read, which a restored file keeps from its last read.
    private func comparable(_ states: [ManifestFileState]) -> [ManifestFileState] {
        states.map { state in
            var state = state
            state.lastRead = Timestamp(seconds: 0)
            return state
        }
    }

    @Test func unchangedFilesAreRestoredWithoutBeingRead() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        try folder.write("a.yaml", namespace("a", labels: ["tier": "gold"]))
        try folder.write("b.yaml", namespace("b") + "---\n" + namespace("c"))
        scan(startLoader(store, at: 1_000), ["a.yaml", "b.yaml"])
        let before = try namespaces(store)
        let version = store.currentResourceVersion
        #expect(store.records(table: SavedManifestFile.tableName).keys.sorted() == ["a.yaml", "b.yaml"])

        let restarted = startLoader(store, at: 2_000)
        scan(restarted, ["a.yaml", "b.yaml"])
        // Not read again: the last read is the first loader's.
        #expect(restarted.fileStates().map(\.lastRead) == [Timestamp(seconds: 1_000), Timestamp(seconds: 1_000)])
        #expect(store.currentResourceVersion == version)
        #expect(try namespaces(store).mapValues(\.metadata) == before.mapValues(\.metadata))
        #expect(comparable(restarted.fileStates()) == comparable(try fullLoad(["a.yaml", "b.yaml"]).states))
        #expect(restarted.declaration(of: ObjectKey(Namespace.resource.groupKind, name: "c"))?.line == 7)
    }

    @Test func changesMadeWhileStoppedAreReflectedExactly() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        try folder.write("a.yaml", namespace("a"))
        try folder.write("b.yaml", namespace("b", labels: ["v": "1"]))
        try folder.write("c.yaml", namespace("c"))
        scan(startLoader(store, at: 1_000), ["a.yaml", "b.yaml", "c.yaml"])
        let a = try #require(try namespaces(store)["a"])

        try replace("b.yaml", namespace("b", labels: ["v": "2"]))
        try folder.remove("c.yaml")
        try folder.write("d.yaml", namespace("d"))
        let files = ["a.yaml", "b.yaml", "d.yaml"]
        let restarted = startLoader(store, at: 2_000)
        scan(restarted, files)

        let expected = try fullLoad(files)
        let objects = try namespaces(store)
        #expect(objects.keys.sorted() == ["a", "b", "d"])
        #expect(objects.mapValues(\.metadata.labels) == expected.objects.mapValues(\.metadata.labels))
        #expect(objects.mapValues(\.metadata.annotations) == expected.objects.mapValues(\.metadata.annotations))
        #expect(objects["a"]?.metadata.resourceVersion == a.metadata.resourceVersion)
        #expect(comparable(restarted.fileStates()) == comparable(expected.states))
        #expect(restarted.fileStates().map(\.lastRead.seconds) == [1_000, 2_000, 2_000])
        #expect(store.records(table: SavedManifestFile.tableName).keys.sorted() == files)
    }

    @Test func aBadFileKeepsItsErrorAcrossARestart() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        try folder.write("a.yaml", namespace("a"))
        try folder.write("bad.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  labels: {tier: [gold]}\n")
        let first = startLoader(store, at: 1_000)
        scan(first, ["a.yaml", "bad.yaml"])
        let errors = first.errors()
        #expect(errors.map(\.description) == ["bad.yaml:5:18: metadata.labels.tier: expected a string, found a list"])
        #expect(store.records(table: SavedManifestFile.tableName).keys.sorted() == ["a.yaml"])

        // b.yaml breaks while the daemon is stopped: after the start it declares nothing, as after a full read.
        try folder.write("b.yaml", namespace("b"))
        let second = startLoader(store, at: 2_000)
        scan(second, ["a.yaml", "b.yaml", "bad.yaml"])
        #expect(try namespaces(store)["b"] != nil)
        try replace("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: [b]\n")
        let third = startLoader(store, at: 3_000)
        scan(third, ["a.yaml", "b.yaml", "bad.yaml"])
        let expected = try fullLoad(["a.yaml", "b.yaml", "bad.yaml"])
        #expect(third.errors() == expected.states.flatMap(\.errors))
        #expect(third.errors().map(\.file) == ["b.yaml", "bad.yaml"])
        #expect(comparable(third.fileStates()) == comparable(expected.states))
        #expect(try namespaces(store).keys.sorted() == expected.objects.keys.sorted())
        #expect(try namespaces(store).keys.sorted() == ["a"])
    }

    @Test func anObjectWhoseOwnerWentIsWrittenFromTheRestoredFileThatNowOwnsIt() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        try folder.write("a.yaml", namespace("shared", labels: ["from": "a"]))
        try folder.write("b.yaml", namespace("shared", labels: ["from": "b"]) + "---\n" + namespace("only-b"))
        let first = startLoader(store, at: 1_000)
        scan(first, ["a.yaml", "b.yaml"])
        #expect(try namespaces(store)["shared"]?.metadata.labels == ["from": "a"])
        #expect(first.fileStates().map(\.phase) == [.applied, .conflict])

        try folder.remove("a.yaml")
        let restarted = startLoader(store, at: 2_000)
        scan(restarted, ["b.yaml"])
        let shared = try #require(try namespaces(store)["shared"])
        #expect(shared.metadata.labels == ["from": "b"])
        #expect(shared.metadata.annotations[ManifestLoader.sourceAnnotation] == "b.yaml")
        #expect(comparable(restarted.fileStates()) == comparable(try fullLoad(["b.yaml"]).states))
        // b.yaml had to be read to write its version.
        #expect(restarted.fileStates().map(\.lastRead.seconds) == [2_000])
    }

    @Test func anObjectDeletedFromTheStoreIsWrittenAgain() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        try folder.write("a.yaml", namespace("a"))
        scan(startLoader(store, at: 1_000), ["a.yaml"])
        try store.delete(ObjectKey(Namespace.resource.groupKind, name: "a"))
        scan(startLoader(store, at: 2_000), ["a.yaml"])
        #expect(try namespaces(store)["a"] != nil)
    }

    @Test func aFileChangedAsItWasReadIsReadAgain() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        try folder.write("a.yaml", namespace("a", labels: ["v": "1"]))
        // The default margin: the file was written just now, so its times cannot tell a later write apart.
        scan(startLoader(store, at: 1_000, trustingRecentFiles: false), ["a.yaml"])
        #expect(store.records(table: SavedManifestFile.tableName).isEmpty)
        // Rewritten in place with the same size, possibly within the same clock tick.
        try folder.write("a.yaml", namespace("a", labels: ["v": "2"]))
        scan(startLoader(store, at: 2_000, trustingRecentFiles: false), ["a.yaml"])
        #expect(try namespaces(store)["a"]?.metadata.labels == ["v": "2"])
    }

    @Test func anotherDecoderReadsEveryFileAgain() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: Self.kinds))
        try folder.write("a.yaml", namespace("a"))
        scan(startLoader(store, at: 1_000), ["a.yaml"])
        var limits = YAMLLimits.default
        limits.maxBytes = 40
        let restarted = startLoader(store, at: 2_000, limits: limits)
        scan(restarted, ["a.yaml"])
        #expect(restarted.fileStates().first?.phase == .invalid)
        #expect(try namespaces(store)["a"] == nil)
    }

    @Test func aCrashBetweenSlicesLeavesATableThatAgreesWithTheObjects() throws {
        let path = FileManager.default.temporaryDirectory.path + "/skiff-table-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let count = ManifestLoader.sliceSize + 20
        let files = (0..<count).map { String(format: "ns-%04d.yaml", $0) }
        for (index, file) in files.enumerated() { try folder.write(file, namespace("ns-\(index)")) }
        do {
            // The first slice is committed, then the daemon dies before the next one.
            let store = try SQLiteStore(path: path, configuration: StoreConfiguration(kinds: Self.kinds))
            let loader = startLoader(store, at: 1_000)
            loader.handle(files.prefix(ManifestLoader.sliceSize).map { .upserted(folder.at($0)) })
        }
        try replace(files[3], namespace("ns-3", labels: ["changed": "now"]))
        let store = try SQLiteStore(path: path, configuration: StoreConfiguration(kinds: Self.kinds))
        #expect(store.records(table: SavedManifestFile.tableName).count == ManifestLoader.sliceSize)
        let restarted = startLoader(store, at: 2_000)
        scan(restarted, files)
        let expected = try fullLoad(files)
        #expect(comparable(restarted.fileStates()) == comparable(expected.states))
        #expect(try namespaces(store).mapValues(\.metadata.labels) == expected.objects.mapValues(\.metadata.labels))
        #expect(restarted.fileStates().filter { $0.lastRead.seconds == 1_000 }.count == ManifestLoader.sliceSize - 1)
        #expect(store.records(table: SavedManifestFile.tableName).count == count)
    }

    @Test func anEntryRoundTrips() throws {
        let entry = SavedManifestFile(
            fingerprint: 0xdead_beef_0000_0001,
            signature: ManifestFileSignature(
                device: 2049,
                inode: 1 << 40,
                size: 1234,
                modifiedSeconds: 1_700_000_000,
                modifiedNanoseconds: 999_999_999,
                changedSeconds: -5,
                changedNanoseconds: 0
            ),
            bytes: 1234,
            lastRead: Timestamp(seconds: 1_700_000_001),
            warnings: [FieldError(file: "a.yaml", mark: Mark(line: 3, column: 7), path: "spec.x", message: "ünknown",
                                  isWarning: true)],
            objects: [(ObjectKey(Namespace.resource.groupKind, name: "a"), Mark(line: 1, column: 1))]
        )
        #expect(SavedManifestFile(decoding: entry.encoded()) == entry)
        #expect(SavedManifestFile(decoding: Array(entry.encoded().dropLast())) == nil)
        #expect(SavedManifestFile(decoding: []) == nil)
    }
}
