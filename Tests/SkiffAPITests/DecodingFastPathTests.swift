import SkiffYAML
import Testing

@testable import SkiffAPI

/// The decoding fast paths (field paths rendered only on demand, byte searches for ASCII text) give exactly what
/// the general code gives.
@Suite struct DecodingFastPathTests {
    @Test func fieldPathsRenderAsKubernetesPrintsThem() {
        let path = FieldPath().child("spec").child("containers").index(0).child("resources").key("nvidia.com/gpu")
        #expect(path.description == "spec.containers[0].resources[nvidia.com/gpu]")
        #expect(FieldPath().isEmpty)
        #expect(FieldPath("").isEmpty)
        #expect(!FieldPath("kind").isEmpty)
        #expect(FieldPath("").child("a").description == "a")
        #expect(FieldPath().child("").child("b").description == "b")
        #expect(FieldPath().index(2).description == "[2]")
        #expect(FieldPath("metadata").child("labels").key("app").description == "metadata.labels[app]")
        #expect(FieldPath("x").child("y") == FieldPath("x.y"))
        #expect(Set([FieldPath("x").child("y"), FieldPath("x.y")]).count == 1)
    }

    @Test(arguments: [
        ("https://azuremlschemas.azureedge.net/latest/commandJob.schema.json", "commandjob.schema.json"),
        ("https://example.com/a/Kubernetes.JSON#/definitions/x", "kubernetes.json"),
        ("#frag/x.json", "x.json"),
        ("###", "###"),
        ("a/b/", "b"),
        ("https://example.com/É.json", "é.json"),
        ("plain", "plain"),
    ])
    func schemaNamesAreTheLastSegmentLowercased(url: String, expected: String) {
        let root = YAMLNode.mapping([("$schema", .string(url))])
        #expect(AzureMLNames.schemaName(of: root) == expected)
    }

    @Test func schemaNameIsNilWithoutASegment() {
        #expect(AzureMLNames.schemaName(of: .mapping([("$schema", .string("///"))])) == nil)
        #expect(AzureMLNames.schemaName(of: .mapping([("$schema", .string(""))])) == nil)
        #expect(AzureMLNames.schemaName(of: .mapping([("type", .string("command"))])) == nil)
    }

    @Test func nativeResourcesAreUnprefixedOrInKubernetesNamespace() {
        #expect(ResourceName("cpu").isNativeResource)
        #expect(ResourceName("kubernetes.io/foo").isNativeResource)
        #expect(ResourceName("a/kubernetes.io/x").isNativeResource)
        #expect(!ResourceName("nvidia.com/gpu").isNativeResource)
        #expect(!ResourceName("example.com/kubernetes.io").isNativeResource)
        #expect(ResourceName("example.com/kubernetes.io/").isNativeResource)
        #expect(!ResourceName("é.com/gpu").isNativeResource)
    }

    @Test func snakeCaseAndKubernetesNamesKeepTheirRules() {
        #expect(FieldNaming.snakeCased("minInstances") == "min_instances")
        #expect(FieldNaming.snakeCased("sshKeyValue") == "ssh_key_value")
        #expect(FieldNaming.snakeCased("MaxNodes") == "max_nodes")
        #expect(FieldNaming.snakeCased("name") == "name")
        #expect(FieldNaming.snakeCased("gpu2Count") == "gpu2_count")
        #expect(AzureMLNames.kubernetesName("gpu-cluster.a") == "gpu-cluster.a")
        #expect(AzureMLNames.kubernetesName("-x-") == "x")
        #expect(AzureMLNames.kubernetesName("GPU_Cluster") == "gpu-cluster")
        #expect(AzureMLNames.kubernetesName("") == "")
    }

    @Test func nameValidationAcceptsAndRejectsAsBefore() {
        #expect(NameValidation.isQualifiedName("app.kubernetes.io/name").isEmpty)
        #expect(NameValidation.isQualifiedName("Team").isEmpty)
        #expect(!NameValidation.isQualifiedName("/name").isEmpty)
        #expect(!NameValidation.isQualifiedName("a/b/c").isEmpty)
        #expect(!NameValidation.isQualifiedName("Example.com/name").isEmpty)
        #expect(!NameValidation.isQualifiedName("name-").isEmpty)
        #expect(NameValidation.isDNS1123Subdomain("it-1.example").isEmpty)
        #expect(!NameValidation.isDNS1123Subdomain("a..b").isEmpty)
        #expect(!NameValidation.isDNS1123Subdomain("").isEmpty)
        #expect(!NameValidation.isDNS1123Subdomain(String(repeating: "a", count: 254)).isEmpty)
    }

    /// Documents are decoded as they are parsed, but a syntax error in a later document still makes the whole file
    /// invalid with that error alone: no object, and no error from the documents before it.
    @Test func aSyntaxErrorInALaterDocumentIsTheOnlyError() {
        let text = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ok
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: Not_Valid
            surprise: 1
            ---
            a: [1, 2
            """
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "t.yaml")
        #expect(result.objects.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.path == "")
        #expect(result.errors.first?.mark.line == 12)
        #expect(result.errors.first?.message.contains("flow sequence") == true)
    }

    @Test func documentsBeforeAndAfterEachOtherAllDecode() {
        let text = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: one
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: two
            """
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "t.yaml")
        #expect(result.errors.isEmpty)
        #expect(result.objects.map(\.object.metadata.name) == ["one", "two"])
        #expect(result.objects.map(\.mark.line) == [1, 6])
    }
}
