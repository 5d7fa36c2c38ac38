import Foundation
import Testing

/// `skiffctl validate PATH...`: offline (no daemon; `$SKIFF_SOCKET` points nowhere), exit 0 and a silent
/// standard output when everything is valid, else exit 1 and one `FILE:LINE:COLUMN: message` line per error.
struct ValidateTests {
    /// The repository's root, from this file's path (`Tests/SkiffEndToEndTests/ValidateTests.swift`).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func repositoryExamplesAreValid() async throws {
        let result = try await Skiffctl.run(["validate", "manifests/examples"], directory: Self.repository)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.hasSuffix(": valid\n"), "\(result)")
    }

    @Test func folderOfGoodFiles() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, text) in SpineTests.files {
            try DaemonHarness.write(text, to: root + "/m/" + path)
        }
        // Ignored names are not read, whatever they hold.
        try DaemonHarness.write("{{{ not yaml", to: root + "/m/.hidden.yaml")
        try DaemonHarness.write("{{{ not yaml", to: root + "/m/notes.txt")
        try DaemonHarness.write("{{{ not yaml", to: root + "/m/compute.yaml~")
        let result = try await Skiffctl.run(["validate", "m"], directory: root)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        // One object per file.
        #expect(
            result.stderr == "\(SpineTests.files.count) files, \(SpineTests.files.count) objects: valid\n",
            "\(result)"
        )

        // Files named one by one, and several paths at once.
        let files = try await Skiffctl.run(
            ["validate", "m/namespace.yaml", "m/hello-job.yml", "m/instancetypes"],
            directory: root
        )
        #expect(files.status == 0 && files.stdout.isEmpty, "\(files)")
    }

    @Test func folderOfBrokenFiles() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try DaemonHarness.write(Manifests.namespace("fine"), to: root + "/m/fine.yaml")
        for input in BadInput.corpus {
            try DaemonHarness.write(input.bytes, to: root + "/m/broken/\(input.slug).yaml")
        }
        // The same object in two files: the second by path gets the error.
        try DaemonHarness.write(Manifests.namespace("twice"), to: root + "/m/twice-1.yaml")
        try DaemonHarness.write(Manifests.namespace("twice"), to: root + "/m/twice-2.yaml")

        let result = try await Skiffctl.run(["validate", "m"], directory: root)
        #expect(result.status == 1, "\(result)")
        let expected =
            BadInput.corpus.sorted { $0.slug < $1.slug }.flatMap { $0.errors(for: "m/broken/\($0.slug).yaml") }
            + [
                "m/twice-2.yaml:1:1: Namespace/twice is also declared in m/twice-1.yaml, which wins (the first file by "
                    + "path); this declaration is ignored"
            ]
        #expect(result.lines == expected, "\(result)")

        // One broken file named alone.
        let single = try await Skiffctl.run(["validate", "m/broken/1-5-gpus.yaml", "m/fine.yaml"], directory: root)
        #expect(single.status == 1, "\(single)")
        #expect(
            single.lines == [
                "m/broken/1-5-gpus.yaml:10:23: spec.resources.limits[nvidia.com/gpu]: Invalid value: \"1.5\": "
                    + "must be an integer"
            ],
            "\(single)"
        )
    }

    @Test func symlinkLoopIsAnError() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try DaemonHarness.write(Manifests.namespace("fine"), to: root + "/m/fine.yaml")
        #expect(symlink("loop-b.yaml", root + "/m/loop-a.yaml") == 0)
        #expect(symlink("loop-a.yaml", root + "/m/loop-b.yaml") == 0)
        let result = try await Skiffctl.run(["validate", "m"], directory: root)
        #expect(result.status == 1, "\(result)")
        let lines = result.lines
        #expect(lines.count == 2, "\(result)")
        #expect(lines.first?.hasPrefix("m/loop-a.yaml:") == true, "\(result)")
        #expect(
            lines.allSatisfy { $0.hasSuffix("cannot read: too many levels of symbolic links (a symlink loop?)") },
            "\(result)"
        )
        do {
            #expect(lines.allSatisfy { $0.firstMatch(of: #/^m/loop-[ab]\.yaml:\d+:\d+: /#) != nil }, "\(result)")
        }
    }

    @Test func warningsAreNotErrors() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let settings = Manifests.azureMLExtension() + "    someUnknownSetting: \"x\"\n"
        try DaemonHarness.write(settings, to: root + "/m/extension.yaml")
        let result = try await Skiffctl.run(["validate", "m"], directory: root)
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 1, "\(result)")
        #expect(
            result.lines.first?.hasSuffix(
                " warning: spec.configurationSettings: settings unknown to the Azure ML extension are kept as given "
                    + "(keys are case-sensitive): someUnknownSetting"
            ) == true,
            "\(result)"
        )
        // The warning points at the (first) unknown setting.
        #expect(result.lines.first?.hasPrefix("m/extension.yaml:11:") == true, "\(result)")
        let quiet = try await Skiffctl.run(["validate", "--quiet", "m"], directory: root)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet)")
    }

    @Test func nothingToValidate() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let empty = try await Skiffctl.run(["validate", "m"], directory: root)
        #expect(empty.status == 1, "\(empty)")
        #expect(empty.stderr.contains("no manifest files"), "\(empty)")
        let missing = try await Skiffctl.run(["validate", "absent.yaml"], directory: root)
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stdout.hasPrefix("absent.yaml:"), "\(missing)")
        #expect(missing.stdout.contains("No such file or directory"), "\(missing)")
    }
}
