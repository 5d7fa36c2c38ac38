import Foundation
import SkiffControllers
import Testing

/// Drives the real controllers over an in-memory store: objects go in as the loader would write them, and the
/// tests wait for the queues to drain (no sleeps) before reading the status the reconcilers wrote.
struct ControllerManagerTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let clock = ManualClock()
    let manager: ControllerManager

    init() throws {
        manager = ControllerManager(store: store, clock: clock, workers: 2)
        try manager.start()
    }

    private func apply(_ text: String) throws {
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "t.yaml")
        #expect(result.errors.isEmpty, "\(result.errors)")
        for item in result.objects {
            if store.get(item.object.key) == nil {
                _ = try store.create(item.object)
            } else {
                _ = try store.update(item.object)
            }
        }
        #expect(manager.waitUntilIdle(timeout: .seconds(30)))
    }

    private func ready(_ kind: GroupKind, _ name: String) -> Condition? {
        let object = store.get(ObjectKey(kind, name: name))
        let conditions: [Condition]
        switch object {
        case let kc as KubernetesCompute: conditions = kc.status.conditions
        case let ext as Extension: conditions = ext.status.conditions
        case let it as InstanceType: conditions = it.status.conditions
        case let amlc as AmlCompute: conditions = amlc.status.conditions
        default: conditions = []
        }
        return conditions[type: "Ready"]
    }

    static let trainingExtension = """
        apiVersion: skiff.dev/v1alpha1
        kind: Extension
        metadata: {name: azureml}
        spec:
          extensionType: microsoft.azureml.kubernetes
          configurationSettings: {enableTraining: "True", nodeSelector.pool: ml}
        """

    @Test func kubernetesComputeSaysWhyItCannotRunJobsUntilItCan() throws {
        let kc = KubernetesCompute.resource.groupKind
        try apply("apiVersion: skiff.dev/v1alpha1\nkind: KubernetesCompute\nmetadata: {name: k}\nspec: {namespace: team, defaultInstanceType: small}\n")
        #expect(ready(kc, "k")?.reason == "NamespaceNotFound")
        #expect(ready(kc, "k")?.message.hasPrefix("namespace \"team\" does not exist") == true)
        try apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
        #expect(ready(kc, "k")?.reason == "InstanceTypeNotFound")
        try apply("""
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata: {name: small}
            spec: {resources: {limits: {cpu: "1", memory: 1Gi}}}
            """)
        #expect(ready(kc, "k")?.reason == "TrainingDisabled")
        #expect(ready(kc, "k")?.message.hasPrefix("no Extension of type microsoft.azureml.kubernetes") == true)
        try apply(Self.trainingExtension.replacingOccurrences(of: "\"True\"", with: "\"False\", enableInference: \"True\", inferenceRouterServiceType: ClusterIP, allowInsecureConnections: \"True\""))
        #expect(ready(kc, "k")?.message == "Extension \"azureml\" does not enable training (enableTraining is not True)")
        try apply(Self.trainingExtension)
        let condition = try #require(ready(kc, "k"))
        #expect(condition.status == .true && condition.reason == "Attached")
        #expect((store.get(ObjectKey(kc, name: "k")) as? KubernetesCompute)?.status.provisioningState == "Succeeded")
    }

    @Test func onlyOneAzureMLExtensionIsInForce() throws {
        try apply(Self.trainingExtension)
        try apply(Self.trainingExtension.replacingOccurrences(of: "name: azureml", with: "name: second"))
        let gk = Extension.resource.groupKind
        #expect(ready(gk, "azureml")?.reason == "Installed")
        #expect(ready(gk, "azureml")?.message == "enabled: training; workloads restricted to nodes with pool=ml")
        #expect(ready(gk, "second")?.reason == "DuplicateExtension")
    }

    @Test func instanceTypesConflictingWithTheExtensionsSelectorSaySo() throws {
        try apply(Self.trainingExtension)
        try apply("""
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata: {name: gpu}
            spec:
              nodeSelector: {pool: gpu}
              resources: {limits: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 1}}
            """)
        let condition = try #require(ready(InstanceType.resource.groupKind, "gpu"))
        #expect(condition.status == .false && condition.reason == "NodeSelectorConflict")
        #expect(condition.message == "nodeSelector pool=gpu (the extension requires pool=ml): no node can match both")
    }

    @Test func namespacesBecomeActiveAndClustersSteady() throws {
        try apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
        #expect((store.get(ObjectKey(Namespace.resource.groupKind, name: "team")) as? Namespace)?.status.phase == "Active")
        try apply("$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\nname: gpu-cluster\ntype: amlcompute\nsize: Standard_NC6s_v3\nmax_instances: 2\n")
        let cluster = try #require(store.get(ObjectKey(AmlCompute.resource.groupKind, name: "gpu-cluster")) as? AmlCompute)
        #expect(cluster.status.allocationState == .steady)
        #expect(cluster.status.provisioningState == "Succeeded")
        #expect(ready(AmlCompute.resource.groupKind, "gpu-cluster")?.reason == "Provisioned")
    }

    @Test func aReconcileThatFindsNothingToDoWritesNothing() throws {
        try apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
        let version = store.currentResourceVersion
        try apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
        #expect(store.currentResourceVersion == version)
    }
}
