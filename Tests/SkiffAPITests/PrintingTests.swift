@testable import SkiffAPI
import Testing

struct PrintingTests {
    @Test(arguments: [
        (0, "0s"), (-1, "0s"), (-5, "<invalid>"), (119, "119s"), (120, "2m"), (125, "2m5s"), (600, "10m"),
        (10_799, "179m"), (10_800, "3h"), (4 * 3600 + 60 * 7, "4h7m"), (8 * 3600, "8h"), (47 * 3600, "47h"),
        (48 * 3600, "2d"), (50 * 3600, "2d2h"), (8 * 86_400, "8d"), (729 * 86_400, "729d"), (730 * 86_400, "2y"),
        (731 * 86_400, "2y1d"), (8 * 365 * 86_400, "8y"),
    ])
    func agesPrintAsKubectlPrintsThem(seconds: Int, expected: String) {
        #expect(HumanDuration.format(seconds: Int64(seconds)) == expected)
    }

    @Test func tablesPadLikeKubectl() {
        let table = Table(columns: ["NAME", "AGE"], rows: [["a", "5s"], ["much-longer-name", "2m"]])
        #expect(table.rendered() == "NAME               AGE\na                  5s\nmuch-longer-name   2m\n")
        #expect(Table(columns: ["NAME", "AGE"], rows: [["a", "1s"]]).rendered(noHeaders: true) == "a         1s\n")
    }

    @Test func smartLabelsFollowKubectl() {
        #expect(Describer.smartLabel("defaultInstanceType") == "Default Instance Type")
        #expect(Describer.smartLabel("apiVersion") == "API Version")
        #expect(Describer.smartLabel("uid") == "UID")
        #expect(Describer.smartLabel("nvidia.com/gpu") == "nvidia.com/gpu")
    }

    private func decode(_ text: String) throws -> any APIObject {
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "t.yaml")
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try #require(result.objects.first?.object)
    }

    @Test func instanceTypeColumnsShowRequestsLimitsGPUsAndSelector() throws {
        var it = try decode("""
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata: {name: gpu}
            spec:
              nodeSelector: {pool: a100}
              resources:
                requests: {cpu: 700m, memory: 1500Mi}
                limits: {cpu: "1", memory: 2Gi, nvidia.com/gpu: 1}
            """)
        it.metadata.creationTimestamp = Timestamp(seconds: 100)
        let table = TablePrinter.table(InstanceType.self, [it], now: Timestamp(seconds: 160))
        #expect(table.columns == ["NAME", "CPU", "MEMORY", "GPU", "NODE SELECTOR", "AGE"])
        #expect(table.rows == [["gpu", "700m/1", "1500Mi/2Gi", "1", "pool=a100", "60s"]])
        let wide = TablePrinter.table(InstanceType.self, [it], wide: true, now: Timestamp(seconds: 160))
        #expect(wide.columns == ["NAME", "CPU", "MEMORY", "GPU", "NODE SELECTOR", "READY", "AGE"])
    }

    @Test func kubernetesComputeColumnsShowReadiness() throws {
        var kc = try #require(try decode("""
            apiVersion: skiff.dev/v1alpha1
            kind: KubernetesCompute
            metadata: {name: k}
            spec: {namespace: team}
            """) as? KubernetesCompute)
        kc.status.conditions = [Condition(type: "Ready", status: .false, reason: "NamespaceNotFound")]
        let table = TablePrinter.table(KubernetesCompute.self, [kc], withNamespace: false, now: Timestamp(seconds: 0))
        #expect(table.rows == [["k", "team", "defaultinstancetype", "False (NamespaceNotFound)", "<unknown>"]])
    }

    @Test func describeAlignsValuesPerBlock() throws {
        var kc = try #require(try decode("""
            apiVersion: skiff.dev/v1alpha1
            kind: KubernetesCompute
            metadata: {name: k, labels: {b: "2", a: "1"}}
            spec: {namespace: team, defaultInstanceType: small}
            """) as? KubernetesCompute)
        kc.status.provisioningState = "Succeeded"
        let text = Describer.describe(kc, events: [], now: Timestamp(seconds: 0))
        #expect(text == """
            Name:         k
            Labels:       a=1
                          b=2
            Annotations:  <none>
            API Version:  skiff.dev/v1alpha1
            Kind:         KubernetesCompute
            Spec:
              Namespace:              team
              Default Instance Type:  small
            Status:
              Provisioning State:  Succeeded
            Events:  <none>

            """)
    }
}
