import Foundation
import Testing

@testable import SkiffControllers

/// Compute and instance type resolution, and the refusals: each job resolves to pods or fails at once with a
/// reason naming what is wrong.
struct JobResolutionTests {
    static func job(_ extra: String, name: String = "train") -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        name: \(name)
        command: python train.py
        environment: {image: python:3.12}
        \(extra)
        """
    }

    @Test func aJobWithoutComputeRunsOnTheMachineWithTheBuiltInDefaultInstanceType() throws {
        let h = try JobHarness()
        try h.apply(Self.job(""))
        try h.reconcile("train")
        let pods = h.pods(of: "train")
        #expect(pods.map(\.metadata.name) == ["train-0"])
        let pod = try #require(pods.first)
        #expect(pod.metadata.namespace == "default")
        let resources = pod.spec.containers[0].resources
        #expect(resources.requests == [.cpu: "100m", .memory: "2Gi"])
        #expect(resources.limits == [.cpu: "2", .memory: "2Gi"])
        let job = try h.job("train")
        #expect(job.status.phase == "Queued")
        #expect(job.status.conditions[type: "Resolved"]?.message
            == "the machine's nodes (namespace default), instance type \"defaultinstancetype\" (built-in)")
    }

    @Test func aDeclaredDefaultInstanceTypeReplacesTheBuiltInOne() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.instanceType("defaultinstancetype", cpu: "3", memory: "5Gi"))
        try h.apply(Self.job(""))
        try h.reconcile("train")
        let pod = try #require(h.pods(of: "train").first)
        #expect(pod.spec.containers[0].resources.limits == [.cpu: "3", .memory: "5Gi"])
        #expect(pod.spec.containers[0].resources.requests == [.cpu: "3", .memory: "5Gi"])
    }

    @Test func aKubernetesComputesPodsGoInItsNamespaceWithItsDefaultInstanceType() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.instanceType("small", cpu: "500m", memory: "1Gi"))
        try h.attachCompute(defaultType: "small")
        try h.apply(Self.job("compute: azureml:k8s"))
        try h.reconcile("train")
        let pods = h.pods(of: "train")
        #expect(pods.map(\.metadata.namespace) == ["ml"])
        #expect(pods.first?.spec.containers[0].resources.limits == [.cpu: "500m", .memory: "1Gi"])
        // No owner reference across namespaces: the job's labels lead back to it.
        #expect(pods.first?.metadata.ownerReferences == [])
        #expect(pods.first?.metadata.labels[JobLabels.jobNamespace] == "default")
        // Once the job is gone, the controller removes such pods itself.
        try h.store.delete(ObjectKey(Job.resource.groupKind, namespace: "default", name: "train"))
        try h.reconcile("train")
        #expect(h.pods(of: "train").isEmpty)
    }

    @Test func theInstanceTypeMustBeAmongTheComputesList() throws {
        let h = try JobHarness()
        try h.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: ml}\n")
        try h.apply(JobHarness.trainingExtension)
        try h.apply("""
            apiVersion: skiff.dev/v1alpha1
            kind: KubernetesCompute
            metadata: {name: k8s}
            spec:
              namespace: ml
              defaultInstanceType: small
              instanceTypes:
                small: {resources: {limits: {cpu: "1", memory: 1Gi}}}
                big: {nodeSelector: {size: big}, resources: {limits: {cpu: "8", memory: 32Gi}}}
            """)
        try h.apply(JobHarness.instanceType("gpu"))
        try h.apply(Self.job("compute: k8s\nresources: {instance_type: gpu}"))
        try h.reconcile("train")
        var job = try h.job("train")
        #expect(job.status.phase == "Failed")
        #expect(job.status.conditions[type: "Failed"]?.reason == "InstanceTypeNotAllowed")
        #expect(job.status.message == "instance type \"gpu\" is not among compute \"k8s\"'s instance types: big, small")
        #expect(h.pods(of: "train").isEmpty)
        // The compute's own entry gives the spec.
        try h.apply(Self.job("compute: k8s\nresources: {instance_type: big}", name: "big-job"))
        try h.reconcile("big-job")
        let pod = try #require(h.pods(of: "big-job").first)
        #expect(pod.spec.nodeSelector == ["size": "big"])
        #expect(pod.spec.containers[0].resources.limits == [.cpu: "8", .memory: "32Gi"])
        job = try h.job("big-job")
        #expect(job.status.conditions[type: "Resolved"]?.message.hasSuffix("instance type \"big\" (compute \"k8s\")") == true)
    }

    @Test func unknownComputeNotReadyComputeAndDisabledTrainingFailAtOnce() throws {
        let h = try JobHarness()
        try h.apply(Self.job("compute: azureml:nowhere"))
        try h.reconcile("train")
        var job = try h.job("train")
        #expect(job.status.phase == "Failed")
        #expect(job.status.message == "compute \"nowhere\" not found: no KubernetesCompute or AmlCompute has that name")
        #expect(job.status.endTime != nil)

        try h.apply("apiVersion: skiff.dev/v1alpha1\nkind: KubernetesCompute\nmetadata: {name: k8s}\nspec: {namespace: team}\n")
        try h.apply(Self.job("compute: k8s", name: "second"))
        try h.reconcile("second")
        job = try h.job("second")
        #expect(job.status.conditions[type: "Failed"]?.reason == "ComputeNotReady")
        #expect(job.status.message.hasPrefix(
            "compute \"k8s\" is not ready (NamespaceNotFound): namespace \"team\" does not exist"))

        try h.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
        try h.reconcile("second")
        job = try h.job("second")
        #expect(job.status.conditions[type: "Failed"]?.reason == "TrainingDisabled")

        try h.apply(JobHarness.trainingExtension.replacingOccurrences(
            of: "\"True\"",
            with: "\"False\", enableInference: \"True\", inferenceRouterServiceType: ClusterIP, "
                + "allowInsecureConnections: \"True\""
        ))
        try h.apply(Self.job("", name: "local"))
        try h.reconcile("local")
        #expect(try h.job("local").status.message
            == "Extension \"azureml\" does not enable training (enableTraining is not True)")
    }

    @Test func aJobRefusedForItsSurroundingsRunsOnceTheyAllowIt() throws {
        let h = try JobHarness()
        try h.apply(Self.job("compute: k8s"))
        try h.reconcile("train")
        #expect(try h.job("train").status.phase == "Failed")
        try h.attachCompute()
        try h.reconcile("train")
        let job = try h.job("train")
        #expect(job.status.phase == "Queued")
        #expect(job.status.endTime == nil && job.status.conditions[type: "Failed"] == nil)
        #expect(h.pods(of: "train").map(\.metadata.name) == ["train-0"])
    }

    @Test func theExtensionsNodeSelectorIsAppliedWithTheInstanceTypes() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.trainingExtension.replacingOccurrences(
            of: "enableTraining: \"True\"", with: "enableTraining: \"True\", nodeSelector.pool: ml"))
        try h.apply(JobHarness.instanceType("gpu1", gpus: 1, selector: "{gpu: a100}"))
        try h.apply(Self.job("resources: {instance_type: gpu1}"))
        try h.reconcile("train")
        let pod = try #require(h.pods(of: "train").first)
        #expect(pod.spec.nodeSelector == ["pool": "ml", "gpu": "a100"])
        #expect(pod.spec.containers[0].resources.limits[.nvidiaGPU] == 1)
        #expect(pod.spec.containers[0].resources.requests[.nvidiaGPU] == 1)

        try h.apply(JobHarness.instanceType("other", selector: "{pool: other}"))
        try h.apply(Self.job("resources: {instance_type: other}", name: "clash"))
        try h.reconcile("clash")
        let job = try h.job("clash")
        #expect(job.status.conditions[type: "Failed"]?.reason == "NodeSelectorConflict")
        #expect(job.status.message == "instance type \"other\" selects pool=other but the machine's nodes "
            + "(namespace default) requires pool=ml: no node can match both")
    }

    @Test func anUnknownInstanceTypeIsRefused() throws {
        let h = try JobHarness()
        try h.apply(Self.job("resources: {instance_type: huge}"))
        try h.reconcile("train")
        let job = try h.job("train")
        #expect(job.status.conditions[type: "Failed"]?.reason == "InstanceTypeNotFound")
        #expect(job.status.message == "instance type \"huge\" not found: no InstanceType has that name")
    }

    @Test func anAmlComputesPodsArePinnedToItsNodesWithTheVMsGPUs() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.amlCompute("gpu-cluster", size: "Standard_NC24s_v3"))
        try h.apply(Self.job("compute: azureml:gpu-cluster\nresources: {instance_count: 2}"))
        try h.reconcile("train")
        let pods = h.pods(of: "train")
        #expect(pods.count == 2)
        #expect(pods.allSatisfy { $0.spec.nodeSelector == [JobLabels.compute: "gpu-cluster"] })
        #expect(pods.first?.spec.containers[0].resources.limits[.nvidiaGPU] == 4)
        #expect(try h.job("train").status.phase == "Queued")
    }

    @Test func codeIsRelativeToTheManifestsFolder() throws {
        let h = try JobHarness(manifestsRoot: "/srv/manifests")
        try h.apply(Self.job("code: ../src/train"), file: "teams/a/job.yml")
        try h.reconcile("train")
        #expect(h.pods(of: "train").first?.spec.containers[0].workingDir == "/srv/manifests/teams/src/train")
        try h.apply(Self.job("code: azureml:my-code:1", name: "remote"))
        try h.reconcile("remote")
        #expect(try h.job("remote").status.conditions[type: "Failed"]?.reason == "UnsupportedCode")
    }

    @Test func aSkiffJobInAMissingNamespaceIsRefused() throws {
        let h = try JobHarness()
        try h.apply("""
            apiVersion: skiff.dev/v1alpha1
            kind: Job
            metadata: {name: j, namespace: team}
            spec: {command: echo, environment: {image: x}}
            """)
        try h.reconcile("j", namespace: "team")
        let job = try h.job("j", namespace: "team")
        #expect(job.status.conditions[type: "Failed"]?.reason == "NamespaceNotFound")
        #expect(job.status.message == "namespace \"team\" does not exist: declare it (kind: Namespace)")
        try h.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n")
        try h.reconcile("j", namespace: "team")
        #expect(try h.job("j", namespace: "team").status.phase == "Queued")
        #expect(h.pods(of: "j", namespace: "team").map(\.metadata.namespace) == ["team"])
    }
}
