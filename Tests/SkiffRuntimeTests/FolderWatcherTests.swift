import Foundation
import Logging
import Testing

@testable import SkiffRuntime

struct FolderWatcherTests {
    /// Starts a watcher on `folder` and waits for its initial batch.
    private func startWatcher(
        _ folder: TemporaryFolder,
        root: String = "",
        configuration: FolderWatcher.Configuration = .init(),
        clock: any Clock = SystemClock(),
        logger: Logger = Logger(label: "test")
    ) throws -> (FolderWatcher, BatchRecorder) {
        let recorder = BatchRecorder()
        let watcher = FolderWatcher(
            root: folder.at(root),
            configuration: configuration,
            clock: clock,
            logger: logger,
            handler: recorder.handler
        )
        try watcher.start()
        #expect(recorder.wait { !$0.batches.isEmpty })
        return (watcher, recorder)
    }

    @Test func initialScanReportsManifestsOnly() throws {
        let folder = try TemporaryFolder()
        for name in ["a.yaml", "b.yml", "c.json", "notes.txt", ".hidden.yaml", "x.yaml~", "#y.yaml#", "z.yaml.swp"] {
            try folder.write(name)
        }
        try folder.makeFolder(".git")
        try folder.write(".git/config.yaml")
        try folder.makeFolder("sub/deeper")
        try folder.write("sub/d.yaml")
        try folder.write("sub/deeper/e.yaml")
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }

        let expected = ["a.yaml", "b.yml", "c.json", "sub/d.yaml", "sub/deeper/e.yaml"].map(folder.at)
        #expect(recorder.record.batches.first == expected.sorted().map(FileChange.upserted))
        #expect(watcher.knownFiles == expected.sorted())
        // Root, sub and sub/deeper; never .git.
        #expect(watcher.watchCount == 3)
    }

    @Test func emptyFolderStillDeliversTheInitialBatch() throws {
        let folder = try TemporaryFolder()
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }
        #expect(recorder.record.batches == [[]])
    }

    @Test func reportsCreateModifyAndDelete() throws {
        let folder = try TemporaryFolder()
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }
        let path = folder.at("job.yaml")

        try folder.write("job.yaml", "kind: Job\n")
        #expect(recorder.waitFor(.upserted(path)))
        try folder.write("job.yaml", "kind: Job\nmetadata: {}\n")
        #expect(recorder.wait { $0.laterChanges.count { $0 == .upserted(path) } == 2 })
        try folder.remove("job.yaml")
        #expect(recorder.waitFor(.removed(path)))
        #expect(watcher.knownFiles.isEmpty)
    }

    @Test func editorSaveThroughTempFileAndRenameIsOneUpsert() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.yaml", "v: 1\n")
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }

        // Vim's swap file, then an atomic save: write a hidden temp file and rename it over the target.
        try folder.write(".a.yaml.swp", "swap")
        try folder.write(".a.yaml.tmp", "v: 2\n")
        try folder.rename(".a.yaml.tmp", to: "a.yaml")
        try folder.write("a.yaml~", "backup")
        try folder.remove(".a.yaml.swp")
        try folder.remove("a.yaml~")
        // A new file saved the same way.
        try folder.write(".b.yaml.tmp", "v: 1\n")
        try folder.rename(".b.yaml.tmp", to: "b.yaml")
        // Events arrive in order, so once the sentinel is reported everything before it was handled.
        try folder.write("zz-sentinel.yaml")
        #expect(recorder.waitFor(.upserted(folder.at("zz-sentinel.yaml"))))

        let later = recorder.record.laterChanges
        #expect(later.filter { $0.path == folder.at("a.yaml") } == [.upserted(folder.at("a.yaml"))])
        #expect(later.filter { $0.path == folder.at("b.yaml") } == [.upserted(folder.at("b.yaml"))])
        #expect(Set(later.map(\.path)) == Set(["a.yaml", "b.yaml", "zz-sentinel.yaml"].map(folder.at)))
    }

    /// The events of one rename can be read in two batches: the temp file's move out makes the folder's files be
    /// checked again (which finds the renamed file), and the move in then resyncs the same file. The second look
    /// reports nothing new; a file written in place is reported however alike its signature looks.
    @Test func aRenameSeenByTwoBatchesIsReportedOnce() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.yaml", "v: 1\n")
        let root = folder.at("")
        var tree = WatchedTree(root: root, filter: ManifestFileFilter(), maxWatches: nil, inotify: try Inotify())
        #expect(tree.rescanAll().changes == [.upserted(folder.at("a.yaml"))])

        try folder.write(".a.yaml.tmp", "v: 2\n")
        try folder.rename(".a.yaml.tmp", to: "a.yaml")
        let first = tree.resync([], written: [], recheckingFilesIn: [root])
        #expect(first.changes == [.upserted(folder.at("a.yaml"))])
        let second = tree.resync([folder.at("a.yaml")], written: [])
        #expect(second.changes.isEmpty)
        let inPlace = tree.resync([folder.at("a.yaml")], written: [folder.at("a.yaml")])
        #expect(inPlace.changes == [.upserted(folder.at("a.yaml"))])
    }

    /// A link made before its target (here: two links made into a loop, in two batches) is reported once the
    /// second one appears, although no event names the first again.
    @Test func aDanglingLinkIsReportedWhenItsTargetAppears() throws {
        let folder = try TemporaryFolder()
        let root = folder.at("")
        var tree = WatchedTree(root: root, filter: ManifestFileFilter(), maxWatches: nil, inotify: try Inotify())
        #expect(tree.rescanAll().changes.isEmpty)
        #expect(symlink("loop-b.yaml", folder.at("loop-a.yaml")) == 0)
        #expect(tree.resync([folder.at("loop-a.yaml")], written: []).changes.isEmpty)
        #expect(symlink("loop-a.yaml", folder.at("loop-b.yaml")) == 0)
        let second = tree.resync([folder.at("loop-b.yaml")], written: [])
        #expect(second.changes == [.upserted(folder.at("loop-a.yaml")), .upserted(folder.at("loop-b.yaml"))])

        #expect(symlink("target.yaml", folder.at("early.yaml")) == 0)
        #expect(tree.resync([folder.at("early.yaml")], written: []).changes.isEmpty)
        try folder.write("target.yaml", "v: 1\n")
        let third = tree.resync([folder.at("target.yaml")], written: [folder.at("target.yaml")])
        #expect(third.changes == [.upserted(folder.at("early.yaml")), .upserted(folder.at("target.yaml"))])
    }

    @Test func debounceCoalescesABurstAndCapsTheDelay() throws {
        let folder = try TemporaryFolder()
        let clock = ManualClock()
        let configuration = FolderWatcher.Configuration(debounce: .milliseconds(50), maxBatchDelay: .milliseconds(100))
        let (watcher, recorder) = try startWatcher(folder, configuration: configuration, clock: clock)
        defer { watcher.stop() }
        let a = folder.at("a.yaml")
        let b = folder.at("b.yaml")
        let c = folder.at("c.yaml")

        // A burst: three writes of a, one of b, all before the window closes.
        for round in 0..<3 {
            try folder.write("a.yaml", "round: \(round)\n")
        }
        try folder.write("b.yaml")
        #expect(waitUntil { watcher.pendingPaths.isSuperset(of: [a, b]) })
        clock.advance(by: .milliseconds(30))
        try folder.write("c.yaml")
        #expect(waitUntil { watcher.pendingPaths.contains(c) })
        // The window opened at 0 ends at 50, but the folder was busy at 30: wait until 80.
        clock.advance(by: .milliseconds(20))
        #expect(watcher.pendingPaths == [a, b, c])
        #expect(recorder.record.batches.count == 1)
        clock.advance(by: .milliseconds(30))
        #expect(recorder.wait { $0.batches.count == 2 })
        #expect(recorder.record.batches.last == [.upserted(a), .upserted(b), .upserted(c)])

        // A folder that never goes quiet for the window still gets a batch after maxBatchDelay.
        let names = (0..<4).map { "steady-\($0).yaml" }
        for name in names {
            try folder.write(name)
            #expect(waitUntil { watcher.pendingPaths.contains(folder.at(name)) })
            clock.advance(by: .milliseconds(30))
        }
        #expect(recorder.wait { $0.batches.count == 3 })
        #expect(recorder.record.batches.last == names.map { FileChange.upserted(folder.at($0)) })
    }

    @Test func newSubfoldersAreWatchedAndTheirFilesReported() throws {
        let folder = try TemporaryFolder()
        let outside = try TemporaryFolder()
        try outside.makeFolder("incoming/nested")
        try outside.write("incoming/x.yaml")
        try outside.write("incoming/nested/y.yaml")
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }

        try folder.rename(outside.at("incoming"), to: "moved-in")
        #expect(recorder.waitFor(.upserted(folder.at("moved-in/x.yaml"))))
        #expect(recorder.waitFor(.upserted(folder.at("moved-in/nested/y.yaml"))))
        try folder.write("moved-in/nested/z.yaml")
        #expect(recorder.waitFor(.upserted(folder.at("moved-in/nested/z.yaml"))))

        // A folder made and filled at once: the files may land before its watch does, and are still reported.
        try folder.makeFolder("fresh/inner")
        try folder.write("fresh/a.yaml")
        try folder.write("fresh/inner/b.yaml")
        #expect(recorder.waitFor(.upserted(folder.at("fresh/a.yaml"))))
        #expect(recorder.waitFor(.upserted(folder.at("fresh/inner/b.yaml"))))
    }

    @Test func removedAndMovedSubfoldersReportTheirFiles() throws {
        let folder = try TemporaryFolder()
        try folder.makeFolder("gone/deep")
        try folder.write("gone/a.yaml")
        try folder.write("gone/deep/b.yaml")
        try folder.makeFolder("old")
        try folder.write("old/c.yaml")
        try folder.write("keep.yaml")
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }

        try folder.remove("gone")
        #expect(recorder.waitFor(.removed(folder.at("gone/a.yaml"))))
        #expect(recorder.waitFor(.removed(folder.at("gone/deep/b.yaml"))))

        try folder.rename("old", to: "new")
        #expect(recorder.waitFor(.removed(folder.at("old/c.yaml"))))
        #expect(recorder.waitFor(.upserted(folder.at("new/c.yaml"))))
        try folder.write("new/d.yaml")
        #expect(recorder.waitFor(.upserted(folder.at("new/d.yaml"))))
        #expect(watcher.knownFiles == ["keep.yaml", "new/c.yaml", "new/d.yaml"].map(folder.at))

        // A folder moved out of the tree is no longer watched there.
        let outside = try TemporaryFolder()
        try folder.rename("new", to: outside.at("taken"))
        #expect(recorder.waitFor(.removed(folder.at("new/d.yaml"))))
        #expect(watcher.knownFiles == [folder.at("keep.yaml")])
    }

    @Test func ignoredNamesAreNeverReported() throws {
        let folder = try TemporaryFolder()
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }

        for name in ["x.swp", "x.swx", "x.yaml~", "#x.yaml#", ".x.yaml", ".#x.yaml", "notes.txt", "yaml"] {
            try folder.write(name)
        }
        try folder.makeFolder(".hidden/inner")
        try folder.write(".hidden/y.yaml")
        try folder.write(".hidden/inner/z.yaml")
        try folder.write("zz-sentinel.yaml")
        #expect(recorder.waitFor(.upserted(folder.at("zz-sentinel.yaml"))))
        #expect(recorder.record.mentionedPaths == [folder.at("zz-sentinel.yaml")])
        #expect(watcher.watchCount == 1)
    }

    @Test func followsSymlinksAndSurvivesLoops() throws {
        let folder = try TemporaryFolder()
        let outside = try TemporaryFolder()
        try outside.write("o.yaml")
        try folder.symlink("linked", pointingTo: outside.path)
        try folder.makeFolder("sub")
        try folder.write("sub/s.yaml")
        try folder.symlink("sub/loop", pointingTo: folder.path)
        try folder.symlink("sub/parent-loop", pointingTo: "..")
        try folder.symlink("file-link.yaml", pointingTo: "sub/s.yaml")
        try folder.symlink("self.yaml", pointingTo: "self.yaml")
        try folder.symlink("dangling.yaml", pointingTo: "missing.yaml")
        // A link that sorts before the real folder it points at: the real path still wins.
        try folder.makeFolder("z-real")
        try folder.write("z-real/r.yaml")
        try folder.symlink("a-link", pointingTo: "z-real")
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }

        // A self-loop named like a manifest is reported, so that the loader can say why it cannot be read.
        let expected = ["file-link.yaml", "linked/o.yaml", "self.yaml", "sub/s.yaml", "z-real/r.yaml"].map(folder.at)
        #expect(recorder.record.batches.first == expected.map(FileChange.upserted))

        // The linked folder is watched through the link.
        try outside.write("o2.yaml")
        #expect(recorder.waitFor(.upserted(folder.at("linked/o2.yaml"))))
        // A new link to a file is reported; removing a folder link removes its files.
        try folder.symlink("late-link.yaml", pointingTo: "z-real/r.yaml")
        #expect(recorder.waitFor(.upserted(folder.at("late-link.yaml"))))
        try folder.remove("linked")
        #expect(recorder.waitFor(.removed(folder.at("linked/o.yaml"))))
        #expect(recorder.waitFor(.removed(folder.at("linked/o2.yaml"))))
        #expect(!recorder.record.mentionedPaths.contains { $0.contains("loop") || $0.contains("a-link") })
    }

    @Test func configMapStyleSymlinkSwapIsReported() throws {
        let folder = try TemporaryFolder()
        try folder.makeFolder("..v1")
        try folder.write("..v1/app.yaml", "v: 1\n")
        try folder.symlink("..data", pointingTo: "..v1")
        try folder.symlink("app.yaml", pointingTo: "..data/app.yaml")
        let (watcher, recorder) = try startWatcher(folder)
        defer { watcher.stop() }
        #expect(recorder.record.batches.first == [.upserted(folder.at("app.yaml"))])

        // What the kubelet does on a ConfigMap update: new hidden folder, new hidden link, rename over ..data.
        try folder.makeFolder("..v2")
        try folder.write("..v2/app.yaml", "v: 2\n")
        try folder.symlink("..data_tmp", pointingTo: "..v2")
        try folder.rename("..data_tmp", to: "..data")
        #expect(recorder.wait { $0.laterChanges.contains(.upserted(folder.at("app.yaml"))) })
    }

    @Test func rescanReportsTheDifferenceFromKnownFiles() throws {
        let folder = try TemporaryFolder()
        for name in ["keep.yaml", "change.yaml", "gone.yaml"] {
            try folder.write(name, "v: 1\n")
        }
        let clock = ManualClock()
        let (logger, logs) = RecordingLogHandler.makeLogger()
        // No watches at all: only rescans see changes.
        let configuration = FolderWatcher.Configuration(fallbackRescanInterval: .seconds(60), maxWatches: 0)
        let (watcher, recorder) = try startWatcher(folder, configuration: configuration, clock: clock, logger: logger)
        defer { watcher.stop() }
        #expect(watcher.watchCount == 0)

        try folder.write("change.yaml", "v: 22\n")
        try folder.remove("gone.yaml")
        try folder.write("new.yaml")
        try folder.makeFolder("sub")
        try folder.write("sub/n.yaml")
        watcher.rescan()
        #expect(recorder.wait { $0.batches.count == 2 })
        #expect(
            recorder.record.batches.last == [
                .upserted(folder.at("change.yaml")),
                .removed(folder.at("gone.yaml")),
                .upserted(folder.at("new.yaml")),
                .upserted(folder.at("sub/n.yaml")),
            ]
        )

        // The periodic fallback rescan runs on the clock.
        try folder.remove("sub")
        clock.advance(by: .seconds(60))
        #expect(recorder.wait { $0.batches.count == 3 })
        #expect(recorder.record.batches.last == [.removed(folder.at("sub/n.yaml"))])
        let warnings = logs.all.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("watch limit") == true)
    }

    @Test func foldersBeyondTheWatchLimitAreRescannedPeriodically() throws {
        let folder = try TemporaryFolder()
        try folder.makeFolder("sub")
        let clock = ManualClock()
        let (logger, logs) = RecordingLogHandler.makeLogger()
        let configuration = FolderWatcher.Configuration(fallbackRescanInterval: .seconds(10), maxWatches: 1)
        let (watcher, recorder) = try startWatcher(folder, configuration: configuration, clock: clock, logger: logger)
        defer { watcher.stop() }
        #expect(watcher.watchCount == 1)

        try folder.write("sub/x.yaml")
        clock.advance(by: .seconds(10))
        #expect(recorder.waitFor(.upserted(folder.at("sub/x.yaml"))))
        #expect(logs.all.count { $0.level == .warning } == 1)
        #expect(logs.all.first?.metadata["limit"] == "1")
    }

    @Test func removedRootReportsEverythingRemoved() throws {
        let folder = try TemporaryFolder()
        try folder.makeFolder("root/sub")
        try folder.write("root/a.yaml")
        try folder.write("root/sub/b.yaml")
        let (logger, logs) = RecordingLogHandler.makeLogger()
        let (watcher, recorder) = try startWatcher(folder, root: "root", logger: logger)
        defer { watcher.stop() }

        try folder.remove("root")
        #expect(recorder.waitFor(.removed(folder.at("root/a.yaml"))))
        #expect(recorder.waitFor(.removed(folder.at("root/sub/b.yaml"))))
        #expect(watcher.knownFiles.isEmpty)
        // Deletions go out as they are read (no debounce), so the files' removals can arrive before the root's own
        // event: wait for the warning, polling with a deadline.
        let deadline = ContinuousClock.now + .seconds(10)
        var warned = false
        while !warned && ContinuousClock.now < deadline {
            warned = logs.all.contains { $0.level == .warning && $0.message.contains("root is gone") }
            if !warned { usleep(2_000) }
        }
        #expect(warned)
    }

    @Test func lifecycleErrorsAndIdempotentStop() throws {
        let folder = try TemporaryFolder()
        let missing = FolderWatcher(root: folder.at("missing"), handler: { _ in })
        #expect(throws: FolderWatcherError.rootNotADirectory(folder.at("missing"))) { try missing.start() }

        try folder.write("file.yaml")
        let onFile = FolderWatcher(root: folder.at("file.yaml"), handler: { _ in })
        #expect(throws: FolderWatcherError.rootNotADirectory(folder.at("file.yaml"))) { try onFile.start() }

        let (watcher, _) = try startWatcher(folder, root: "/")
        #expect(watcher.root == folder.path)
        #expect(throws: FolderWatcherError.alreadyStarted) { try watcher.start() }
        watcher.stop()
        watcher.stop()
        #expect(throws: FolderWatcherError.alreadyStarted) { try watcher.start() }
    }

    @Test func stopFromTheHandlerEndsDelivery() throws {
        let folder = try TemporaryFolder()
        let box = WatcherBox()
        let calls = Waiter(0)
        let watcher = FolderWatcher(root: folder.path) { _ in
            calls.update { $0 += 1 }
            box.watcher?.stop()
        }
        box.watcher = watcher
        try watcher.start()
        #expect(calls.wait { $0 == 1 })
        #expect(watcher.knownFiles.isEmpty)
        #expect(throws: FolderWatcherError.alreadyStarted) { try watcher.start() }
    }
}

/// Lets a handler reach its own watcher.
private final class WatcherBox: @unchecked Sendable {
    // Written once before the watcher starts; the start itself orders that write before any handler call.
    var watcher: FolderWatcher?
}
