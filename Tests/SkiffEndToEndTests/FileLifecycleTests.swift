import Foundation
import Testing

/// Files as people and tools change them: written in place, saved by editors (temporary file then rename),
/// renamed, deleted, in folders that come and go; and names that are never manifests.
struct FileLifecycleTests {
    @Test func addModifyInPlaceAndDelete() async throws {
        try await DaemonHarness.with { daemon in
            let empty = try await daemon.skiffctl("get", "it")
            #expect(empty.succeeded && empty.stdout.isEmpty && empty.stderr == "No resources found\n", "\(empty)")

            try daemon.write("small.yaml", Manifests.instanceType("small", cpu: "1"))
            let created = try await daemon.eventuallyObject("it", "small", "created") { _ in true }
            #expect(created["spec"]["resources"]["limits"]["cpu"].string == "1")
            #expect(created["metadata"]["generation"].number == 1)
            let uid = created["metadata"]["uid"].string

            try daemon.write("small.yaml", Manifests.instanceType("small", cpu: "2"))
            let modified = try await daemon.eventuallyObject("it", "small", "cpu 2") {
                $0["spec"]["resources"]["limits"]["cpu"].string == "2"
            }
            // The same object, updated: uid kept, generation bumped.
            #expect(modified["metadata"]["uid"].string == uid)
            #expect(modified["metadata"]["generation"].number == 2)

            // Renaming the object inside the file: the old one goes, the new one comes.
            try daemon.write("small.yaml", Manifests.instanceType("smaller", cpu: "2"))
            try await daemon.eventuallyObject("it", "smaller", "created by renaming inside the file") { _ in true }
            try await daemon.eventuallyGone("it", "small")

            // An object moved from one file to another (cut, then paste) ends up declared by the new file.
            try daemon.write("other.yaml", Manifests.instanceType("smaller", cpu: "2"))
            try daemon.write("small.yaml", Manifests.instanceType("small", cpu: "2"))
            try await daemon.eventuallyObject("it", "smaller", "declared by other.yaml") {
                $0["metadata"]["annotations"]["skiff.dev/manifest"].string == "other.yaml"
            }
            try await daemon.eventuallyObject("it", "small", "declared again by small.yaml") { _ in true }
            try daemon.remove("other.yaml")
            try await daemon.eventuallyGone("it", "smaller")

            try daemon.remove("small.yaml")
            try await daemon.eventuallyGone("it", "small")
            let files = try await daemon.skiffctl("files")
            #expect(files.fileRows["small.yaml"] == nil, "\(files)")
        }
    }

    @Test func editorSavesThroughATemporaryFileAndRename() async throws {
        try await DaemonHarness.with(files: ["small.yaml": Manifests.instanceType("small", cpu: "1")]) { daemon in
            let original = try await daemon.eventuallyObject("it", "small", "loaded") { _ in true }

            // A hidden temporary, an emacs-style `#…#` and a plain dotfile, each renamed over the target.
            for (temporary, cpu) in [(".small.yaml.swp-new", "2"), ("#small.yaml#", "3"), (".small.yaml", "4")] {
                try daemon.writeLikeAnEditor(
                    "small.yaml",
                    Manifests.instanceType("small", cpu: cpu),
                    temporaryName: temporary
                )
                try await daemon.eventuallyObject("it", "small", "cpu \(cpu) after saving through \(temporary)") {
                    $0["spec"]["resources"]["limits"]["cpu"].string == cpu
                }
            }
            let saved = try await daemon.json("get", "it", "small")
            #expect(saved["metadata"]["uid"] == original["metadata"]["uid"], "a rename over the file is an update")
            let files = try await daemon.skiffctl("files")
            #expect(files.fileRows.keys.sorted() == ["small.yaml"], "temporary files never show: \(files)")
        }
    }

    @Test func renamingFiles() async throws {
        try await DaemonHarness.with(files: ["a.yaml": Manifests.namespace("team-a")]) { daemon in
            try await daemon.eventuallyObject("ns", "team-a", "loaded") { _ in true }

            // A rename to another manifest name keeps the object, now declared by the new file.
            try daemon.rename("a.yaml", to: "b.yml")
            try await daemon.eventually("files lists b.yml only") {
                try await daemon.skiffctl("files").fileRows.keys.sorted() == ["b.yml"]
            }
            let moved = try await daemon.json("get", "ns", "team-a")
            #expect(moved["metadata"]["annotations"]["skiff.dev/manifest"].string == "b.yml")

            // A rename to a name that is not a manifest removes what it declared.
            try daemon.rename("b.yml", to: "b.yml.disabled")
            try await daemon.eventuallyGone("ns", "team-a")

            // And back.
            try daemon.rename("b.yml.disabled", to: "c.json")
            try await daemon.eventuallyObject("ns", "team-a", "declared again by c.json") {
                $0["metadata"]["annotations"]["skiff.dev/manifest"].string == "c.json"
            }
        }
    }

    @Test func subfoldersComeAndGo() async throws {
        try await DaemonHarness.with(files: ["root.yaml": Manifests.namespace("root")]) { daemon in
            // A new folder, then files in it.
            try FileManager.default.createDirectory(
                atPath: daemon.manifests + "/team",
                withIntermediateDirectories: false
            )
            try daemon.write("team/ns.yaml", Manifests.namespace("team"))
            try daemon.write("team/deep/er/it.yaml", Manifests.instanceType("deep"))
            try await daemon.eventuallyObject("ns", "team", "loaded from a new folder") { _ in true }
            try await daemon.eventuallyObject("it", "deep", "loaded from a new nested folder") {
                $0["metadata"]["annotations"]["skiff.dev/manifest"].string == "team/deep/er/it.yaml"
            }

            // A folder prepared elsewhere and moved in whole.
            let staging = daemon.root + "/staging"
            try DaemonHarness.write(Manifests.namespace("moved-in"), to: staging + "/ns.yaml")
            try DaemonHarness.write(Manifests.instanceType("moved-in"), to: staging + "/sub/it.yaml")
            guard Foundation.rename(staging, daemon.manifests + "/moved") == 0 else {
                throw DaemonHarness.Failure(description: "rename failed: errno \(errno)")
            }
            try await daemon.eventuallyObject("ns", "moved-in", "loaded from a moved-in folder") { _ in true }
            try await daemon.eventuallyObject("it", "moved-in", "loaded from a moved-in subfolder") { _ in true }

            let files = try await daemon.skiffctl("files")
            #expect(
                files.fileRows.keys.sorted()
                    == ["moved/ns.yaml", "moved/sub/it.yaml", "root.yaml", "team/deep/er/it.yaml", "team/ns.yaml"],
                "\(files)"
            )

            // A folder renamed inside the tree: same objects, new paths.
            try daemon.rename("moved", to: "renamed")
            try await daemon.eventuallyObject("it", "moved-in", "declared by renamed/sub/it.yaml") {
                $0["metadata"]["annotations"]["skiff.dev/manifest"].string == "renamed/sub/it.yaml"
            }
            try await daemon.eventually("files lists the renamed folder's files") {
                let paths = try await daemon.skiffctl("files").fileRows.keys
                return paths.contains("renamed/ns.yaml") && !paths.contains { $0.hasPrefix("moved/") }
            }
            try daemon.rename("renamed", to: "moved")
            try await daemon.eventuallyObject("ns", "moved-in", "declared by moved/ns.yaml again") {
                $0["metadata"]["annotations"]["skiff.dev/manifest"].string == "moved/ns.yaml"
            }

            // Removing a folder removes everything its files declared; other files stay.
            try daemon.remove("team")
            try await daemon.eventuallyGone("ns", "team")
            try await daemon.eventuallyGone("it", "deep")
            // Moving one out does the same.
            guard Foundation.rename(daemon.manifests + "/moved", daemon.root + "/moved-out") == 0 else {
                throw DaemonHarness.Failure(description: "rename failed: errno \(errno)")
            }
            try await daemon.eventuallyGone("ns", "moved-in")
            try await daemon.eventuallyGone("it", "moved-in")
            let rest = try await daemon.skiffctl("files")
            #expect(rest.fileRows.keys.sorted() == ["root.yaml"], "\(rest)")
            #expect(try await daemon.json("get", "ns").itemNames == ["default", "root"])

            // A file written into a folder that was just created is not missed.
            try daemon.write("late/x.yaml", Manifests.namespace("late"))
            try await daemon.eventuallyObject("ns", "late", "loaded") { _ in true }
        }
    }

    @Test func ignoredNamesNeverLoad() async throws {
        try await DaemonHarness.with { daemon in
            let ignored = [
                ".x.yaml", "x.yaml~", "x.swp", "x.yaml.swp", "x.txt", "x.yaml.bak", ".#x.yaml", "#x.yaml#",
                "noextension",
                ".hidden/x.yaml", "sub/.y.yaml",
            ]
            for (index, name) in ignored.enumerated() {
                try daemon.write(name, Manifests.namespace("ignored-\(index)"))
            }
            // Written last: once it is loaded, every earlier file has been seen by the watcher.
            try daemon.write("sub/sentinel.yaml", Manifests.namespace("sentinel"))
            try await daemon.eventuallyObject("ns", "sentinel", "loaded") { _ in true }
            // Modify the ignored files again, then wait for a second sentinel.
            for (index, name) in ignored.enumerated() {
                try daemon.write(name, Manifests.namespace("ignored-again-\(index)"))
            }
            try daemon.write("sentinel2.yaml", Manifests.namespace("sentinel2"))
            try await daemon.eventuallyObject("ns", "sentinel2", "loaded") { _ in true }

            #expect(try await daemon.json("get", "ns").itemNames == ["default", "sentinel", "sentinel2"])
            let files = try await daemon.skiffctl("files")
            #expect(files.fileRows.keys.sorted() == ["sentinel2.yaml", "sub/sentinel.yaml"], "\(files)")
        }
    }

    @Test func filesPresentAtStartAndChangesAfterReady() async throws {
        try await DaemonHarness.with(files: [
            "a.yaml": Manifests.namespace("a"),
            "nested/b.yaml": Manifests.namespace("b"),
            ".hidden.yaml": Manifests.namespace("hidden"),
        ]) { daemon in
            // /readyz answers only after the first full scan: everything is there at once, no waiting.
            let namespaces = try await daemon.json("get", "ns")
            #expect(namespaces.itemNames == ["a", "b", "default"])
            try daemon.write("a.yaml", Manifests.namespace("a", labels: ["v": "2"]))
            try await daemon.eventuallyObject("ns", "a", "labelled v=2") { $0["metadata"]["labels"]["v"].string == "2" }
        }
    }
}
