import Foundation
import SkiffControllers
import Testing

/// The stock kubectl's writes against skiffd's API: every write lands in the manifests folder first. Until the
/// OpenAPI documents are served, `apply` and `create` run with `--validate=false` (kubectl's default validation
/// downloads `/openapi/v3` or `/openapi/v2` first).
@Suite(.serialized, .enabled(if: KubectlWriteHarness.kubectlAvailable))
struct KubectlWriteTests {
    static func instanceType(_ name: String, cpu: String = "2", labels: String = "") -> String {
        """
        apiVersion: amlarc.azureml.com/v1alpha1
        kind: InstanceType
        metadata:
          name: \(name)
        \(labels.isEmpty ? "" : "  labels: {\(labels)}\n")spec:
          resources:
            limits:
              cpu: "\(cpu)"
              memory: 4Gi

        """
    }

    @Test func applyCreatesConfiguresAndLeavesUnchanged() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        let file = try h.file("it.yaml", Self.instanceType("small"))
        let created = try await h.kubectl(["apply", "--validate=false", "-f", file])
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout == "instancetype.amlarc.azureml.com/small created\n")
        let written = try #require(h.manifest("api/instancetype-small.yaml"))
        #expect(written.contains("cpu: '2'") || written.contains("cpu: \"2\""))
        #expect(written.contains("kubectl.kubernetes.io/last-applied-configuration"))
        #expect(!written.contains("resourceVersion") && !written.contains("uid:"))

        let unchanged = try await h.kubectl(["apply", "--validate=false", "-f", file])
        #expect(unchanged.stdout == "instancetype.amlarc.azureml.com/small unchanged\n", "\(unchanged)")

        _ = try h.file("it.yaml", Self.instanceType("small", cpu: "4", labels: "tier: gold"))
        let configured = try await h.kubectl(["apply", "--validate=false", "-f", file])
        #expect(configured.stdout == "instancetype.amlarc.azureml.com/small configured\n", "\(configured)")
        let rewritten = try #require(h.manifest("api/instancetype-small.yaml"))
        #expect(rewritten.contains("tier: gold"))
        #expect(rewritten.contains("cpu: '4'") || rewritten.contains("cpu: \"4\""))
        let stored = h.store.get(ObjectKey(InstanceType.resource.groupKind, name: "small"))
        #expect(stored?.metadata.labels["tier"] == "gold")

        let deleted = try await h.kubectl(["delete", "instancetype", "small"])
        #expect(deleted.stdout == "instancetype.amlarc.azureml.com \"small\" deleted\n", "\(deleted)")
        #expect(h.manifest("api/instancetype-small.yaml") == nil)
        #expect(h.store.get(ObjectKey(InstanceType.resource.groupKind, name: "small")) == nil)
    }

    @Test func createLabelAndAlreadyExists() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        let file = try h.file("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n")
        let created = try await h.kubectl(["create", "--validate=false", "-f", file])
        #expect(created.stdout == "namespace/team created\n", "\(created)")
        #expect(h.manifest("api/namespace-team.yaml") != nil)
        let again = try await h.kubectl(["create", "--validate=false", "-f", file])
        #expect(again.status != 0)
        #expect(again.stderr.contains("Error from server (AlreadyExists): error when creating"), "\(again)")
        #expect(again.stderr.contains("namespaces \"team\" already exists"))

        let labeled = try await h.kubectl(["label", "namespace", "team", "tier=gold"])
        #expect(labeled.stdout == "namespace/team labeled\n", "\(labeled)")
        #expect(h.manifest("api/namespace-team.yaml")?.contains("tier: gold") == true)
    }

    @Test func anInvalidInstanceTypePrintsTheFieldError() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        let file = try h.file("bad.yaml", Self.instanceType("invalid-one", cpu: "abc"))
        let result = try await h.kubectl(["apply", "--validate=false", "-f", file])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "The InstanceType \"invalid-one\" is invalid: spec.resources.limits.cpu: Invalid value: \"abc\""
            ),
            "\(result)"
        )
        #expect(h.manifest("api/instancetype-invalid-one.yaml") == nil)
    }

    @Test func labelRewritesTheUsersOwnFileKeepingItsOtherDocuments() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        let other = "# the big one\n" + Self.instanceType("big", cpu: "16")
        try h.declare("types.yaml", Self.instanceType("small") + "---\n" + other)
        let labeled = try await h.kubectl(["label", "it", "small", "size=s"])
        #expect(labeled.status == 0, "\(labeled)")
        let text = try #require(h.manifest("types.yaml"))
        #expect(text.hasSuffix("---\n" + other), "\(text)")
        #expect(text.contains("size: s"))
        #expect(h.manifest("api/instancetype-small.yaml") == nil)
        let stored = h.store.get(ObjectKey(InstanceType.resource.groupKind, name: "small"))
        #expect(stored?.metadata.labels["size"] == "s")
        #expect(stored?.metadata.annotations[ManifestLoader.sourceAnnotation] == "types.yaml")

        let deleted = try await h.kubectl(["delete", "it", "small"])
        #expect(deleted.status == 0, "\(deleted)")
        #expect(h.manifest("types.yaml") == other)
    }

    @Test func anObjectInAJSONFileIsRefusedNamingTheFile() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        try h.declare(
            "types.json",
            #"{"apiVersion": "amlarc.azureml.com/v1alpha1", "kind": "InstanceType", "metadata": {"name": "j"}, "spec": {"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}}"#
        )
        let labeled = try await h.kubectl(["label", "it", "j", "size=s"])
        #expect(labeled.status != 0)
        #expect(labeled.stderr.contains("Error from server (Conflict)"), "\(labeled) \(h.loader.fileStates())")
        #expect(labeled.stderr.contains("types.json:1"))
    }

    @Test func cordonAndUncordonTheLocalNodeInTheStoreOnly() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        _ = try h.store.create(Node(metadata: ObjectMeta(name: "local-1", labels: [NodeProvider.label: NodeProvider.local])))
        let cordoned = try await h.kubectl(["cordon", "local-1"])
        #expect(cordoned.stdout == "node/local-1 cordoned\n", "\(cordoned)")
        #expect((h.store.get(ObjectKey(Node.resource.groupKind, name: "local-1")) as? Node)?.spec.unschedulable == true)
        let uncordoned = try await h.kubectl(["uncordon", "local-1"])
        #expect(uncordoned.stdout == "node/local-1 uncordoned\n", "\(uncordoned)")
        #expect((h.store.get(ObjectKey(Node.resource.groupKind, name: "local-1")) as? Node)?.spec.unschedulable == false)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: h.manifests)) ?? []
        #expect(files.isEmpty, "a controller-owned node must not be written to a file: \(files)")
    }

    @Test func aPodAppliedThroughTheAPIIsAFileAndLeavesWithIt() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        let file = try h.file("pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
              - name: main
                image: busybox
                command: ["sleep", "3600"]

            """)
        let created = try await h.kubectl(["apply", "--validate=false", "-f", file])
        #expect(created.stdout == "pod/web created\n", "\(created)")
        let written = try #require(h.manifest("api/pod-default-web.yaml"))
        #expect(written.contains("sleep"))
        let key = ObjectKey(Pod.resource.groupKind, namespace: "default", name: "web")
        #expect(h.store.get(key)?.metadata.annotations[ManifestLoader.sourceAnnotation] == "api/pod-default-web.yaml")
        let deleted = try await h.kubectl(["delete", "pod", "web", "--wait=false"])
        #expect(deleted.stdout == "pod \"web\" deleted\n", "\(deleted)")
        #expect(h.manifest("api/pod-default-web.yaml") == nil)
        #expect(h.store.get(key) == nil)
    }

    @Test func serverSideApply() async throws {
        let h = try await KubectlWriteHarness()
        defer { h.stop() }
        let file = try h.file("ssa.yaml", Self.instanceType("ssa"))
        let applied = try await h.kubectl(["apply", "--server-side", "--validate=false", "-f", file])
        #expect(applied.stdout == "instancetype.amlarc.azureml.com/ssa serverside-applied\n", "\(applied)")
        #expect(h.manifest("api/instancetype-ssa.yaml") != nil)
        _ = try h.file("ssa.yaml", Self.instanceType("ssa", cpu: "8"))
        let again = try await h.kubectl(["apply", "--server-side", "--validate=false", "-f", file])
        #expect(again.stdout == "instancetype.amlarc.azureml.com/ssa serverside-applied\n", "\(again)")
        #expect(h.manifest("api/instancetype-ssa.yaml")?.contains("'8'") == true
            || h.manifest("api/instancetype-ssa.yaml")?.contains("\"8\"") == true)
    }
}
