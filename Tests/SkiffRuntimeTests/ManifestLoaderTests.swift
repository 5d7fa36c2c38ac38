import Foundation
import SkiffRuntime
import Synchronization
import Testing

/// Records events in memory.
private final class EventLog: EventRecording {
    let entries = Mutex<[(ObjectReference, String, String, String)]>([])

    func record(_ object: ObjectReference, type: String, reason: String, message: String) {
        entries.withLock { $0.append((object, type, reason, message)) }
    }

    var reasons: [String] { entries.withLock { $0.map(\.2) } }
}

struct ManifestLoaderTests {
    let folder: TemporaryFolder
    let store = MemoryStore(configuration: StoreConfiguration(kinds: KindRegistry([Namespace.self, Pod.self, Event.self])))
    fileprivate let events = EventLog()
    let loader: ManifestLoader

    init() throws {
        folder = try TemporaryFolder()
        loader = ManifestLoader(
            root: folder.path,
            store: store,
            decoder: ManifestDecoder(registry: KindRegistry([Namespace.self, Pod.self, Event.self])),
            events: events,
            now: { Timestamp(seconds: 1_700_000_000) }
        )
    }

    private func namespace(_ name: String) -> Namespace? {
        store.get(ObjectKey(Namespace.resource.groupKind, name: name)) as? Namespace
    }

    private func load(_ paths: String...) {
        loader.handle(paths.map { .upserted(folder.at($0)) })
    }

    private func state(_ path: String) -> ManifestFileState? {
        loader.fileStates().first { $0.path == path }
    }

    @Test func appliesAFileAndAnnotatesItsObjects() throws {
        try folder.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team-b}\n")
        load("ns.yaml")
        let a = try #require(namespace("team-a"))
        #expect(a.metadata.annotations[ManifestLoader.sourceAnnotation] == "ns.yaml")
        #expect(namespace("team-b") != nil)
        #expect(state("ns.yaml")?.phase == .applied)
        #expect(state("ns.yaml")?.objects.map(\.name) == ["team-a", "team-b"])
    }

    @Test func anInvalidFileKeepsItsLastGoodObjects() throws {
        try folder.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {tier: gold}\n")
        load("ns.yaml")
        try folder.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {tier: [gold]}\n")
        load("ns.yaml")
        #expect(namespace("team-a")?.metadata.labels == ["tier": "gold"])
        let file = try #require(state("ns.yaml"))
        #expect(file.phase == .invalid)
        #expect(file.errors.map(\.description) == ["ns.yaml:5:18: metadata.labels.tier: expected a string, found a list"])
        #expect(events.reasons == ["InvalidManifest"])
        try folder.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {tier: silver}\n")
        load("ns.yaml")
        #expect(namespace("team-a")?.metadata.labels == ["tier": "silver"])
        #expect(state("ns.yaml")?.phase == .applied)
        #expect(events.reasons == ["InvalidManifest", "ManifestApplied"])
    }

    @Test func removingAFileDeletesItsObjectsOnly() throws {
        try folder.write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
        try folder.write("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n")
        load("a.yaml", "b.yaml")
        try folder.remove("a.yaml")
        loader.handle([.removed(folder.at("a.yaml"))])
        #expect(namespace("a") == nil)
        #expect(namespace("b") != nil)
        #expect(state("a.yaml") == nil)
    }

    @Test func theFirstFileByPathWinsADuplicateAndTheNextTakesOver() throws {
        try folder.write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shared, labels: {from: a}}\n")
        try folder.write("b.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shared, labels: {from: b}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: only-b}\n")
        load("b.yaml", "a.yaml")
        #expect(namespace("shared")?.metadata.labels["from"] == "a")
        #expect(namespace("only-b") != nil)
        let b = try #require(state("b.yaml"))
        #expect(b.phase == .conflict)
        #expect(b.errors.map(\.description) == [
            "b.yaml:1:1: Namespace/shared is also declared in a.yaml, which wins (the first file by path); this declaration is ignored"
        ])
        try folder.remove("a.yaml")
        loader.handle([.removed(folder.at("a.yaml"))])
        #expect(namespace("shared")?.metadata.labels["from"] == "b")
        #expect(state("b.yaml")?.phase == .applied)
    }

    @Test func anObjectDeclaredTwiceInOneFileIsAnError() throws {
        try folder.write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
        load("a.yaml")
        #expect(namespace("x") == nil)
        #expect(state("a.yaml")?.errors.map(\.description) == ["a.yaml:5:1: Namespace/x is declared twice in this file (first at line 1)"])
    }

    @Test func unreadableFilesGetAnErrorAndDisturbNothing() throws {
        try folder.write("good.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: good}\n")
        try folder.symlink("loop.yaml", pointingTo: "loop.yaml")
        try Data([0x00, 0xFF, 0x13, 0x37, 0x00, 0x89]).write(to: URL(fileURLWithPath: folder.at("garbage.yaml")))
        try String(repeating: "# padding\n", count: 500_000).write(toFile: folder.at("huge.yaml"), atomically: false, encoding: .utf8)
        try folder.write("empty.yaml", "")
        load("loop.yaml", "garbage.yaml", "huge.yaml", "empty.yaml", "good.yaml", "gone.yaml")
        #expect(namespace("good") != nil)
        #expect(state("loop.yaml")?.errors.first?.message == "cannot read: too many levels of symbolic links (a symlink loop?)")
        #expect(state("garbage.yaml")?.errors.first?.message.contains("control character U+0000") == true)
        #expect(state("huge.yaml")?.errors.first?.message == "file is 5000000 bytes, over the limit of 4194304 bytes")
        #expect(state("empty.yaml")?.phase == .applied)
        #expect(state("gone.yaml") == nil)
    }

    @Test func symlinksLeadingOutOfTheFolderAreRefusedAndLinksInsideItWork() throws {
        let outside = try TemporaryFolder()
        try outside.write("secret.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: outside}\n")
        try folder.makeFolder("real")
        try folder.write("real/inside.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: inside}\n")
        try folder.symlink("out.yaml", pointingTo: outside.at("secret.yaml"))
        try folder.symlink("out-folder", pointingTo: outside.path)
        try folder.symlink("in.yaml", pointingTo: "real/inside.yaml")
        load("out.yaml", "out-folder/secret.yaml", "in.yaml")
        #expect(namespace("outside") == nil)
        let target = ManifestReader.realFolderPath(outside.path) + "/secret.yaml"
        for path in ["out.yaml", "out-folder/secret.yaml"] {
            #expect(state(path)?.phase == .invalid)
            #expect(state(path)?.errors.first?.message
                == "refused: a symlink leads outside the manifests folder, to \(target)")
        }
        #expect(namespace("inside") != nil)
        #expect(state("in.yaml")?.phase == .applied)
    }

    @Test func theFolderTotalLimitRefusesTheFileThatWouldCrossIt() throws {
        let small = ManifestLoader(
            root: folder.path,
            store: store,
            decoder: ManifestDecoder(registry: KindRegistry([Namespace.self, Pod.self, Event.self])),
            now: { Timestamp(seconds: 1_700_000_000) },
            maxTotalBytes: 120
        )
        let a = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"  // 51 bytes
        try folder.write("a.yaml", a)
        try folder.write("b.yaml", a.replacingOccurrences(of: "{name: a}", with: "{name: b}"))
        try folder.write("c.yaml", a.replacingOccurrences(of: "{name: a}", with: "{name: c}"))
        small.handle(["a.yaml", "b.yaml", "c.yaml"].map { .upserted(folder.at($0)) })
        #expect(namespace("a") != nil && namespace("b") != nil && namespace("c") == nil)
        let refused = small.fileStates().first { $0.path == "c.yaml" }
        #expect(refused?.errors.first?.message
            == "refused: the manifests in force total 102 bytes, and this file's 51 would bring them over the limit "
            + "of 120 bytes (limits.maxTotalBytes)")
        // Space freed by removing a file lets the refused one in.
        try folder.remove("a.yaml")
        small.handle([.removed(folder.at("a.yaml")), .upserted(folder.at("c.yaml"))])
        #expect(namespace("a") == nil && namespace("c") != nil)
    }

    @Test func aLargeBatchIsAppliedInSlicesAndARenameAcrossThemKeepsTheObject() throws {
        try folder.write("moved-from.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: moving}\n")
        load("moved-from.yaml")
        let uid = try #require(namespace("moving")).metadata.uid
        var changes: [FileChange] = []
        try folder.remove("moved-from.yaml")
        changes.append(.removed(folder.at("moved-from.yaml")))
        let count = ManifestLoader.sliceSize * 2 + 10
        for index in 0..<count {
            try folder.write("n\(index).yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: n\(index)}\n")
            changes.append(.upserted(folder.at("n\(index).yaml")))
        }
        try folder.write("zz-moved-to.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: moving}\n")
        changes.append(.upserted(folder.at("zz-moved-to.yaml")))
        loader.handle(changes)
        #expect((0..<count).allSatisfy { namespace("n\($0)") != nil })
        let moved = try #require(namespace("moving"))
        #expect(moved.metadata.uid == uid)
        #expect(moved.metadata.annotations[ManifestLoader.sourceAnnotation] == "zz-moved-to.yaml")
        // A file removed in a large batch is still deleted, at the batch's end.
        try folder.remove("n0.yaml")
        loader.handle([.removed(folder.at("n0.yaml"))] + (1..<count).map { .upserted(folder.at("n\($0).yaml")) })
        #expect(namespace("n0") == nil)
    }

    @Test func pruneDeletesAnnotatedObjectsNoFileDeclares() throws {
        var stale = Namespace(metadata: ObjectMeta(name: "stale"))
        stale.metadata.annotations[ManifestLoader.sourceAnnotation] = "old.yaml"
        _ = try store.create(stale)
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "made-by-a-controller")))
        try folder.write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")
        load("a.yaml")
        loader.pruneUndeclared(kinds: [Namespace.self])
        #expect(namespace("stale") == nil)
        #expect(namespace("made-by-a-controller") != nil)
        #expect(namespace("a") != nil)
    }
}
