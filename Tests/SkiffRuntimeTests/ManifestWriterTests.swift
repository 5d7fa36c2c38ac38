import Foundation
@testable import SkiffRuntime
import Testing

struct ManifestWriterTests {
    let folder: TemporaryFolder
    let writer: ManifestWriter
    let registry = KindRegistry([Namespace.self, Pod.self, InstanceType.self])

    init() throws {
        folder = try TemporaryFolder()
        writer = ManifestWriter(root: folder.path, droppedAnnotations: ["skiff.dev/devices"])
    }

    private func read(_ relative: String) throws -> String {
        try String(contentsOfFile: folder.at(relative), encoding: .utf8)
    }

    private func namespace(_ name: String, labels: [String: String] = [:]) -> Namespace {
        Namespace(metadata: ObjectMeta(name: name, labels: labels))
    }

    // MARK: - Paths

    @Test func apiPathsNameKindNamespaceAndName() throws {
        let pod = ObjectKey(Pod.resource.groupKind, namespace: "team-a", name: "web-1")
        #expect(try ManifestWriter.apiPath(for: pod) == "api/pod-team-a-web-1.yaml")
        let type = ObjectKey(InstanceType.resource.groupKind, name: "gpu.large")
        #expect(try ManifestWriter.apiPath(for: type) == "api/instancetype-gpu.large.yaml")
    }

    @Test(arguments: ["../etc", "a/b", ".hidden", "", "UPPER", "x/../../y"])
    func apiPathsRefuseNamesThatCouldEscape(_ name: String) {
        let key = ObjectKey(Namespace.resource.groupKind, name: name)
        #expect(throws: ManifestWriterError.self) { try ManifestWriter.apiPath(for: key) }
    }

    @Test func apiPathsRefuseBadNamespaces() {
        let key = ObjectKey(Pod.resource.groupKind, namespace: "../x", name: "p")
        #expect(throws: ManifestWriterError.self) { try ManifestWriter.apiPath(for: key) }
    }

    // MARK: - New files

    @Test func writesANewFileAtomicallyWithoutServerFields() throws {
        var object = namespace("team-a", labels: ["tier": "gold"])
        object.metadata.uid = "1234"
        object.metadata.resourceVersion = 7
        object.metadata.generation = 2
        object.metadata.creationTimestamp = Timestamp(seconds: 1_700_000_000)
        object.metadata.annotations = [
            ManifestLoader.sourceAnnotation: "api/namespace-team-a.yaml",
            "skiff.dev/devices": "0",
            "kubectl.kubernetes.io/last-applied-configuration": "{\"a\":1}\n",
        ]
        object.metadata.finalizers = ["skiff.dev/pod-runtime", "example.com/keep"]
        try writer.writeFile("api/namespace-team-a.yaml", document: writer.document(for: object))
        let text = try read("api/namespace-team-a.yaml")
        #expect(text.contains("name: team-a"))
        #expect(text.contains("tier: gold"))
        #expect(text.contains("last-applied-configuration"))
        #expect(text.contains("example.com/keep"))
        for absent in ["uid", "resourceVersion", "generation", "creationTimestamp", "skiff.dev/manifest",
            "skiff.dev/devices", "skiff.dev/pod-runtime", "status"]
        {
            #expect(!text.contains(absent), "\(absent) must not be written")
        }
        // No temporary file is left behind.
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.at("api"))
        #expect(entries == ["namespace-team-a.yaml"])
        // It reads back as the same object.
        let result = ManifestDecoder(registry: registry).decode(bytes: Array(text.utf8), file: "x.yaml")
        #expect(result.isValid)
        #expect(result.objects.first?.object.metadata.labels == ["tier": "gold"])
    }

    // MARK: - Rewriting one document

    private let multi = """
        # Team namespaces
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a   # the first team
        ---
        # the second team
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        # trailing comment of b
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-c

        """

    @Test func rewritesOneDocumentKeepingTheOthersByteForByte() throws {
        try folder.write("teams.yaml", multi)
        let key = ObjectKey(Namespace.resource.groupKind, name: "team-b")
        try writer.replaceDocument(
            in: "teams.yaml",
            line: 9,
            key: key,
            with: writer.document(for: namespace("team-b", labels: ["tier": "gold"]))
        )
        let text = try read("teams.yaml")
        #expect(text == """
            # Team namespaces
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team-a   # the first team
            ---
            # the second team
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team-b
              labels:
                tier: gold
            spec: {}
            # trailing comment of b
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team-c

            """)
        let result = ManifestDecoder(registry: registry).decode(bytes: Array(text.utf8), file: "teams.yaml")
        #expect(result.isValid)
        #expect(result.objects.map(\.object.metadata.name) == ["team-a", "team-b", "team-c"])
    }

    @Test func rewritesTheFirstDocument() throws {
        try folder.write("teams.yaml", multi)
        try writer.replaceDocument(
            in: "teams.yaml",
            line: 2,
            key: ObjectKey(Namespace.resource.groupKind, name: "team-a"),
            with: writer.document(for: namespace("team-a", labels: ["x": "z"]))
        )
        let text = try read("teams.yaml")
        #expect(text.hasPrefix("# Team namespaces\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    x: z\nspec: {}\n---\n# the second team\n"))
    }

    @Test func refusesADocumentThatNoLongerDeclaresTheObject() throws {
        try folder.write("teams.yaml", multi)
        #expect(throws: ManifestWriterError.self) {
            try writer.checkRewritable("teams.yaml", line: 9, key: ObjectKey(Namespace.resource.groupKind, name: "team-a"))
        }
    }

    @Test func deletesOneDocument() throws {
        try folder.write("teams.yaml", multi)
        let removed = try writer.removeDocument(
            in: "teams.yaml",
            line: 9,
            key: ObjectKey(Namespace.resource.groupKind, name: "team-b")
        )
        #expect(!removed)
        let text = try read("teams.yaml")
        #expect(!text.contains("team-b"))
        let result = ManifestDecoder(registry: registry).decode(bytes: Array(text.utf8), file: "teams.yaml")
        #expect(result.objects.map(\.object.metadata.name) == ["team-a", "team-c"])
        #expect(text.hasPrefix("# Team namespaces\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a   # the first team\n---\napiVersion: v1\n"))
    }

    @Test func deletingTheFirstDocumentTakesTheNextSeparator() throws {
        try folder.write("teams.yaml", multi)
        try writer.removeDocument(in: "teams.yaml", line: 2, key: ObjectKey(Namespace.resource.groupKind, name: "team-a"))
        #expect(try read("teams.yaml").hasPrefix("# the second team\napiVersion: v1\n"))
    }

    @Test func deletingTheOnlyDocumentRemovesTheFile() throws {
        try folder.write("one.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: solo\n")
        #expect(try writer.removeDocument(in: "one.yaml", line: 1))
        #expect(!FileManager.default.fileExists(atPath: folder.at("one.yaml")))
    }

    @Test func theLoaderNamesTheFileAndLineThatDeclaresAnObject() throws {
        let store = MemoryStore(configuration: StoreConfiguration(kinds: registry))
        let loader = ManifestLoader(
            root: folder.path,
            store: store,
            decoder: ManifestDecoder(registry: registry),
            now: { Timestamp(seconds: 1_700_000_000) }
        )
        try folder.write("teams.yaml", multi)
        loader.handle([.upserted("teams.yaml")])
        let declaration = try #require(loader.declaration(of: ObjectKey(Namespace.resource.groupKind, name: "team-b")))
        #expect(declaration.path == "teams.yaml")
        #expect(declaration.line == 8)
        #expect(declaration.isValid)
        #expect(loader.declaration(of: ObjectKey(Namespace.resource.groupKind, name: "nope")) == nil)
        // Rewriting that document and loading the file again updates the object in place.
        try writer.replaceDocument(
            in: declaration.path,
            line: declaration.line,
            key: ObjectKey(Namespace.resource.groupKind, name: "team-b"),
            with: writer.document(for: namespace("team-b", labels: ["tier": "gold"]))
        )
        loader.handle([.upserted("teams.yaml")])
        let stored = store.get(ObjectKey(Namespace.resource.groupKind, name: "team-b"))
        #expect(stored?.metadata.labels == ["tier": "gold"])
        #expect(store.get(ObjectKey(Namespace.resource.groupKind, name: "team-a")) != nil)
    }

    // MARK: - Refusals

    private func refusal(_ relative: String, line: Int) -> (String, Int)? {
        do {
            try writer.checkRewritable(relative, line: line)
            return nil
        } catch {
            if case .refused(let file, let at, _) = error { return (file, at) }
            return nil
        }
    }

    @Test func refusesJSONFiles() throws {
        try folder.write("ns.json", #"{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "j"}}"#)
        #expect(refusal("ns.json", line: 1)?.0 == "ns.json")
    }

    @Test func refusesAnchorsAndAliases() throws {
        try folder.write("a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: &l {x: y}\n  annotations: *l\n")
        #expect(refusal("a.yaml", line: 1)?.1 == 5)
    }

    @Test func refusesLists() throws {
        try folder.write("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: l}\n")
        #expect(refusal("list.yaml", line: 4) != nil)
    }

    @Test func refusesAzureMLFormats() throws {
        try folder.write("job.yaml", "type: command\ncommand: echo hi\ncompute: azureml:local\n")
        #expect(refusal("job.yaml", line: 1) != nil)
    }

    @Test func aColonStarInAQuotedStringIsNotAnAlias() {
        #expect(!ManifestWriter.hasAnchorOrAlias("  command: [\"sh\", \"-c\", \"ls *\"]"))
        #expect(!ManifestWriter.hasAnchorOrAlias("  note: a & b * c  # &x"))
        #expect(ManifestWriter.hasAnchorOrAlias("  - *ref"))
        #expect(ManifestWriter.hasAnchorOrAlias("  <<: *base"))
    }
}
