import Foundation
import Testing

/// Issue 3's bad-input corpus against a running daemon: every broken file gets a precise per-file error (and an
/// Event), keeps its last good version in force, and disturbs nothing else.
struct BadInputTests {
    /// The neighbours that must not notice: a namespace, and an instance type that keeps being edited.
    static let neighbours: [String: String] = [
        "base/namespace.yaml": Manifests.namespace("steady"),
        "base/steady.yaml": Manifests.instanceType("steady", cpu: "1"),
    ]

    @Test(arguments: BadInput.corpus)
    func brokenFileKeepsItsLastGoodVersionAndDisturbsNothing(_ input: BadInput) async throws {
        var files = Self.neighbours
        files["victim.yaml"] = BadInput.good(cpu: "1")
        try await DaemonHarness.with(files: files) { daemon in
            try await daemon.eventuallyObject("it", "victim", "loaded with 1 CPU") {
                $0["spec"]["resources"]["limits"]["cpu"].string == "1"
            }

            try daemon.write("victim.yaml", bytes: input.bytes)
            try await daemon.eventually("victim.yaml to be \(input.state)") {
                try await daemon.skiffctl("files").fileRows["victim.yaml"]?.state == input.state
            }

            let errors = try await daemon.skiffctl("errors")
            #expect(errors.succeeded, "\(errors)")
            #expect(errors.lines == input.errors, "\(errors)")
            let positioned = #/^victim\.yaml:\d+:\d+: \S/#
            if input.positioned {
                #expect(errors.lines.allSatisfy { $0.firstMatch(of: positioned) != nil }, "\(errors)")
            } else {
                do {
                    #expect(errors.lines.allSatisfy { $0.firstMatch(of: positioned) != nil }, "\(errors)")
                }
            }
            let fileList = try await daemon.skiffctl("files")
            #expect(fileList.fileRows["victim.yaml"]?.objects == "InstanceType/victim", "\(fileList)")
            let json = try await daemon.json("files")
            let victim = json["items"].array?.first { $0["path"].string == "victim.yaml" }
            #expect(victim?["phase"].string == "Invalid")
            #expect(victim?["errors"].array?.compactMap { $0["text"].string } == input.errors)

            try await Self.expectUndisturbed(daemon, victimCPU: "1")

            // An Event says so, about the file.
            try await daemon.eventually("an InvalidManifest event about victim.yaml") {
                let events = try await daemon.json("get", "events", "-n", "default")
                return events["items"].array?.contains {
                    $0["reason"].string == "InvalidManifest" && $0["involvedObject"]["name"].string == "victim.yaml"
                        && $0["type"].string == "Warning"
                } == true
            }

            // Fixing the file applies it and clears the error.
            try daemon.write("victim.yaml", BadInput.good(cpu: "3"))
            try await daemon.eventuallyObject("it", "victim", "fixed with 3 CPUs") {
                $0["spec"]["resources"]["limits"]["cpu"].string == "3"
            }
            try await daemon.eventually("no errors left") {
                let result = try await daemon.skiffctl("errors")
                return result.stdout.isEmpty && result.stderr == "No errors\n"
            }
            #expect(try await daemon.skiffctl("files").fileRows["victim.yaml"]?.state == "Applied")
        }
    }

    /// The whole corpus in the folder from the start (no good version ever): once `/readyz` answers, the first
    /// scan has read every file, so each error is there without waiting; nothing is declared; the neighbours are
    /// up.
    @Test func wholeCorpusAtStartup() async throws {
        var binaryFiles: [String: [UInt8]] = [:]
        for input in BadInput.corpus {
            binaryFiles["broken/\(input.slug).yaml"] = input.bytes
        }
        try await DaemonHarness.with(files: Self.neighbours, binaryFiles: binaryFiles) { daemon in
            let fileList = try await daemon.skiffctl("files")
            let errors = try await daemon.skiffctl("errors")
            let errorJSON = try await daemon.json("files")
            for input in BadInput.corpus {
                let path = "broken/\(input.slug).yaml"
                #expect(fileList.fileRows[path]?.state == input.state, "\(input): \(fileList)")
                #expect(fileList.fileRows[path]?.objects == "<none>", "\(input): \(fileList)")
                #expect(
                    errors.lines.filter { $0.hasPrefix(path + ":") } == input.errors(for: path),
                    "\(input): \(errors)"
                )
                let file = errorJSON["items"].array?.first { $0["path"].string == path }
                #expect(file?["phase"].string == "Invalid", "\(input)")
            }
            // Errors are listed in path order, and nothing but the broken files has one.
            #expect(
                errors.lines
                    == BadInput.corpus.sorted { $0.slug < $1.slug }.flatMap { $0.errors(for: "broken/\($0.slug).yaml") }
            )
            let victim = try await daemon.skiffctl("get", "it", "victim")
            #expect(victim.status == 1 && victim.stderr.contains("NotFound"), "\(victim)")
            #expect(try await daemon.json("get", "it").itemNames == ["steady"])
            try await Self.expectUndisturbed(daemon, victimCPU: nil)
        }
    }

    @Test func emptyFileAppliesAndDeclaresNothing() async throws {
        var files = Self.neighbours
        files["victim.yaml"] = BadInput.good(cpu: "1")
        try await DaemonHarness.with(files: files) { daemon in
            try await daemon.eventuallyObject("it", "victim", "loaded") { _ in true }
            try daemon.write("victim.yaml", "")
            // Valid and empty: it declares nothing any more, so its object goes.
            try await daemon.eventuallyGone("it", "victim")
            let fileList = try await daemon.skiffctl("files")
            #expect(fileList.fileRows["victim.yaml"]?.state == "Applied", "\(fileList)")
            #expect(fileList.fileRows["victim.yaml"]?.objects == "<none>", "\(fileList)")
            for onlyComments in ["# nothing yet\n", "---\n", "---\n# a comment\n---\n"] {
                try daemon.write("other.yaml", onlyComments)
                try await daemon.eventually("other.yaml applied") {
                    try await daemon.skiffctl("files").fileRows["other.yaml"]?.state == "Applied"
                }
            }
            let errors = try await daemon.skiffctl("errors")
            #expect(errors.stdout.isEmpty && errors.stderr == "No errors\n", "\(errors)")
            try await Self.expectUndisturbed(daemon, victimCPU: nil)
        }
    }

    @Test func duplicateObjectAcrossTwoFiles() async throws {
        var files = Self.neighbours
        files["a.yaml"] = Manifests.namespace("shared", labels: ["from": "a"])
        try await DaemonHarness.with(files: files) { daemon in
            try await daemon.eventuallyObject("ns", "shared", "from a") {
                $0["metadata"]["labels"]["from"].string == "a"
            }

            // b.yaml sorts after a.yaml: a wins; b's other object still applies.
            try daemon.write(
                "b.yaml",
                "# the second file\n" + Manifests.namespace("shared", labels: ["from": "b"]) + "\n---\n"
                    + Manifests.namespace("only-b")
            )
            try await daemon.eventuallyObject("ns", "only-b", "applied from b") { _ in true }
            try await daemon.eventually("b.yaml in conflict") {
                try await daemon.skiffctl("files").fileRows["b.yaml"]?.state == "Conflict at line 2"
            }
            let errors = try await daemon.skiffctl("errors")
            #expect(
                errors.lines == [
                    "b.yaml:2:1: Namespace/shared is also declared in a.yaml, which wins (the first file by path); "
                        + "this declaration is ignored"
                ],
                "\(errors)"
            )
            let shared = try await daemon.json("get", "ns", "shared")
            #expect(shared["metadata"]["labels"]["from"].string == "a")
            #expect(shared["metadata"]["annotations"]["skiff.dev/manifest"].string == "a.yaml")
            let fileList = try await daemon.skiffctl("files")
            #expect(fileList.fileRows["a.yaml"]?.state == "Applied", "\(fileList)")
            try await daemon.eventually("a DuplicateObject event about b.yaml") {
                let events = try await daemon.json("get", "ev")
                return events["items"].array?.contains {
                    $0["reason"].string == "DuplicateObject" && $0["involvedObject"]["name"].string == "b.yaml"
                } == true
            }

            // Editing the loser changes nothing; editing the winner does.
            try daemon.write("a.yaml", Manifests.namespace("shared", labels: ["from": "a2"]))
            try await daemon.eventuallyObject("ns", "shared", "from a2") {
                $0["metadata"]["labels"]["from"].string == "a2"
            }

            // When the winner goes, the other file takes over and its conflict clears.
            try daemon.remove("a.yaml")
            try await daemon.eventuallyObject("ns", "shared", "from b") {
                $0["metadata"]["labels"]["from"].string == "b"
            }
            try await daemon.eventually("b.yaml applied") {
                try await daemon.skiffctl("files").fileRows["b.yaml"]?.state == "Applied"
            }
            let none = try await daemon.skiffctl("errors")
            #expect(none.stdout.isEmpty, "\(none)")
            try await Self.expectUndisturbed(daemon, victimCPU: nil)
        }
    }

    @Test func fileDeletedWhileBeingRead() async throws {
        try await DaemonHarness.with(files: Self.neighbours) { daemon in
            // Rapid write + delete: most reads find the file gone, some find it half-written or whole.
            for round in 0..<300 {
                try daemon.write("flicker.yaml", Manifests.namespace("flicker-\(round % 7)"))
                if round % 3 == 0 {
                    try daemon.writeLikeAnEditor("flicker.yaml", Manifests.instanceType("flicker-\(round % 5)"))
                }
                try daemon.remove("flicker.yaml")
            }
            // A sentinel written afterwards orders the check after the burst.
            try daemon.write("sentinel.yaml", Manifests.namespace("sentinel"))
            try await daemon.eventuallyObject("ns", "sentinel", "loaded") { _ in true }
            try await daemon.eventually("no stale objects from flicker.yaml") {
                let namespaces = try await daemon.json("get", "ns").itemNames
                let instanceTypes = try await daemon.json("get", "it").itemNames
                return namespaces == ["default", "sentinel", "steady"] && instanceTypes == ["steady"]
            }
            let fileList = try await daemon.skiffctl("files")
            #expect(fileList.fileRows["flicker.yaml"] == nil, "\(fileList)")
            let errors = try await daemon.skiffctl("errors")
            #expect(errors.stdout.isEmpty, "\(errors)")
            try await Self.expectUndisturbed(daemon, victimCPU: nil)
        }
    }

    @Test func symlinkLoops() async throws {
        try await DaemonHarness.with(files: Self.neighbours) { daemon in
            // Two file links pointing at each other, and folders linking back up the tree.
            #expect(symlink("loop-b.yaml", daemon.manifests + "/loop-a.yaml") == 0)
            #expect(symlink("loop-a.yaml", daemon.manifests + "/loop-b.yaml") == 0)
            try daemon.write("nest/ns.yaml", Manifests.namespace("nested"))
            #expect(symlink("..", daemon.manifests + "/nest/up") == 0)
            #expect(symlink("../nest", daemon.manifests + "/nest/self") == 0)
            try daemon.write("sentinel.yaml", Manifests.namespace("sentinel"))
            try await daemon.eventuallyObject("ns", "sentinel", "loaded") { _ in true }
            try await daemon.eventuallyObject("ns", "nested", "loaded once, through the real path") {
                $0["metadata"]["annotations"]["skiff.dev/manifest"].string == "nest/ns.yaml"
            }
            let fileList = try await daemon.skiffctl("files")
            // The looping folders are walked once: no file appears under a second path.
            #expect(fileList.fileRows.keys.filter { $0.contains("up/") || $0.contains("self/") }.isEmpty, "\(fileList)")
            try await Self.expectUndisturbed(daemon, victimCPU: nil)

            // `skiffctl validate` reports the looping links; the daemon should too, as a per-file error.
            do {
                #expect(fileList.fileRows["loop-a.yaml"]?.state == "Invalid at line 1", "\(fileList)")
                #expect(fileList.fileRows["loop-b.yaml"]?.state == "Invalid at line 1", "\(fileList)")
            }
            let errors = try await daemon.skiffctl("errors")
            do {
                #expect(
                    errors.lines.contains {
                        $0.hasPrefix("loop-a.yaml:")
                            && $0.hasSuffix("too many levels of symbolic links (a symlink loop?)")
                    },
                    "\(errors)"
                )
            }
        }
    }

    /// Everything else still works: the daemon answers, other files' objects are there and keep updating, and
    /// the victim (if given) keeps its last good CPU count.
    static func expectUndisturbed(_ daemon: DaemonHarness, victimCPU: String?) async throws {
        #expect(daemon.process.exitIfEnded == nil, "skiffd exited")
        #expect(UnixSocketProbe.status(socket: daemon.socket, get: "/healthz") == 200)
        #expect(UnixSocketProbe.status(socket: daemon.socket, get: "/readyz") == 200)
        if let victimCPU {
            let victim = try await daemon.json("get", "it", "victim")
            #expect(
                victim["spec"]["resources"]["limits"]["cpu"].string == victimCPU,
                "the last good version stays in force"
            )
        }
        let steady = try await daemon.json("get", "ns", "steady")
        #expect(steady["metadata"]["name"].string == "steady")
        let before = try await daemon.json("get", "it", "steady")
        let current = before["spec"]["resources"]["limits"]["cpu"].string ?? "1"
        let next = String((Int(current) ?? 1) + 1)
        try daemon.write("base/steady.yaml", Manifests.instanceType("steady", cpu: next))
        try await daemon.eventuallyObject("it", "steady", "updated to \(next) CPUs") {
            $0["spec"]["resources"]["limits"]["cpu"].string == next
        }
    }
}
