import Foundation
import Testing

@testable import SkiffControllers

/// The pods a job becomes: names, labels, owner, gang, priority, command, inputs and the distribution's
/// environment.
struct JobPodTests {
    static func env(_ container: Container) -> [String: String] {
        Dictionary(container.env.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    @Test func podsAreNamedLabelledOwnedAndGanged() throws {
        let h = try JobHarness()
        try h.apply("""
            name: gang
            command: echo hi
            environment: azureml:AzureML-sklearn-1.5@latest
            environment_variables: {MODE: fast}
            queue_settings: {priority: high}
            resources: {instance_count: 3}
            """)
        try h.reconcile("gang")
        let job = try h.job("gang")
        let pods = h.pods(of: "gang")
        #expect(pods.map(\.metadata.name) == ["gang-0", "gang-1", "gang-2"])
        for (i, pod) in pods.enumerated() {
            #expect(pod.metadata.labels == [
                "skiff.dev/job-name": "gang", "skiff.dev/job-namespace": "default",
                "skiff.dev/job-instance": "\(i)", "skiff.dev/job-attempt": "1",
                "skiff.dev/pod-group": "gang", "skiff.dev/pod-group-size": "3",
            ])
            #expect(pod.metadata.ownerReferences == [
                OwnerReference(apiVersion: "skiff.dev/v1alpha1", kind: "Job", name: "gang", uid: job.metadata.uid,
                               controller: true, blockOwnerDeletion: true)
            ])
            #expect(pod.metadata.annotations["skiff.dev/environment"] == "azureml:AzureML-sklearn-1.5@latest")
            #expect(pod.spec.restartPolicy == .never)
            #expect(pod.spec.priority == 300)
            #expect(pod.spec.containers.map(\.name) == ["proc-0"])
            #expect(pod.spec.containers[0].command == ["/bin/sh", "-c", "echo hi"])
            #expect(Self.env(pod.spec.containers[0])["MODE"] == "fast")
        }
        #expect(job.status.attempt == 1)
        #expect(job.status.pods == JobPodCounts(pending: 3))
    }

    @Test func aSingleInstanceJobHasNoGangLabelsAndTheDefaultPriority() throws {
        let h = try JobHarness()
        try h.apply("name: one\ncommand: echo $HOME $(date)\nenvironment: {image: busybox}\n")
        try h.reconcile("one")
        let pod = try #require(h.pods(of: "one").first)
        #expect(pod.metadata.labels["skiff.dev/pod-group"] == nil)
        #expect(pod.spec.priority == 200)
        #expect(pod.spec.containers[0].image == "busybox")
        // `$` doubled, so that Kubernetes' $(VAR) expansion leaves the shell the command as written.
        #expect(pod.spec.containers[0].command[2] == "echo $$HOME $$(date)")
    }

    @Test func literalInputsAndOutputsAreSubstituted() throws {
        let h = try JobHarness()
        try h.apply("""
            name: subst
            command: python t.py --epochs ${{inputs.epochs}} --lr ${{inputs.lr}} --name ${{inputs.name}} --flag ${{inputs.flag}} --n ${{inputs.n}} --out ${{outputs.model}}
            environment: {image: python}
            inputs:
              epochs: 3
              lr: 0.25
              name: resnet
              flag: true
              n: {type: integer, default: 7}
            outputs:
              model: {type: uri_folder}
            """)
        try h.reconcile("subst")
        let pod = try #require(h.pods(of: "subst").first)
        let out = h.stateDir + "/jobs/default/subst/outputs/model"
        #expect(pod.spec.containers[0].command[2]
            == "python t.py --epochs 3 --lr 0.25 --name resnet --flag True --n 7 --out \(out)")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func dataInputsAreRefusedNamingTheInput() throws {
        let h = try JobHarness()
        try h.apply("""
            name: data
            command: python t.py --data ${{inputs.cifar}}
            environment: {image: python}
            inputs:
              cifar: {type: uri_folder, path: azureml:cifar-10@latest}
            """)
        try h.reconcile("data")
        let job = try h.job("data")
        #expect(job.status.phase == "Failed")
        #expect(job.status.conditions[type: "Failed"]?.reason == "UnsupportedInput")
        #expect(job.status.message == "input \"cifar\" is a uri_folder: Skiff runs jobs with literal inputs only "
            + "(integer, number, string, boolean); data inputs cannot be mounted")
    }

    @Test func pyTorchTwoByTwoGivesEachProcessItsRankAndGPU() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.instanceType("gpu2", cpu: "4", memory: "16Gi", gpus: 2))
        try h.apply("""
            name: ddp
            command: torchrun train.py
            environment: {image: pytorch}
            distribution: {type: pytorch, process_count_per_instance: 2}
            resources: {instance_count: 2, instance_type: gpu2}
            """)
        try h.reconcile("ddp")
        let job = try h.job("ddp")
        let pods = h.pods(of: "ddp")
        #expect(pods.count == 2)
        var ranks: [String] = []
        let port = String(DistributionEnvironment.masterPort(uid: job.metadata.uid))
        for (node, pod) in pods.enumerated() {
            #expect(pod.spec.containers.map(\.name) == ["proc-0", "proc-1"])
            for (local, container) in pod.spec.containers.enumerated() {
                let env = Self.env(container)
                #expect(env["MASTER_ADDR"] == "127.0.0.1")
                #expect(env["MASTER_PORT"] == port)
                #expect(env["WORLD_SIZE"] == "4")
                #expect(env["NODE_RANK"] == String(node))
                #expect(env["LOCAL_RANK"] == String(local))
                ranks.append(env["RANK"] ?? "")
                // One GPU each, and the pod's cpu and memory split exactly.
                #expect(container.resources.limits == [.cpu: "2", .memory: "8Gi", .nvidiaGPU: 1])
                #expect(container.resources.requests == container.resources.limits)
            }
            #expect(pod.effectiveRequests == [.cpu: "4", .memory: "16Gi", .nvidiaGPU: 2])
        }
        #expect(ranks == ["0", "1", "2", "3"])
        let masterPort = try #require(Int(port))
        #expect((29500..<30500).contains(masterPort))
    }

    @Test func resourcesThatDoNotDivideEvenlyStillAddUp() {
        let parts = JobPodBuilder.split([.cpu: "1", .memory: "1Gi", .nvidiaGPU: 1], into: 3)
        #expect(parts.map { $0[.cpu] } == ["334m", "333m", "333m"])
        #expect(parts.map { $0[.nvidiaGPU] } == [1, nil, nil])
        let memory = parts.compactMap { $0[.memory] }.reduce(Quantity.zero, +)
        #expect(memory == "1Gi")
    }

    @Test func mpiGivesRanksAndAHostfile() throws {
        let h = try JobHarness()
        try h.apply("""
            name: horovod
            command: python hvd.py
            environment: {image: horovod}
            distribution: {type: mpi, process_count_per_instance: 2}
            resources: {instance_count: 2}
            """)
        try h.reconcile("horovod")
        let pods = h.pods(of: "horovod")
        let hostfile = h.stateDir + "/jobs/default/horovod/hostfile"
        var ranks: [String] = []
        for pod in pods {
            for (local, container) in pod.spec.containers.enumerated() {
                let env = Self.env(container)
                ranks.append(env["OMPI_COMM_WORLD_RANK"] ?? "")
                #expect(env["OMPI_COMM_WORLD_SIZE"] == "4")
                #expect(env["OMPI_COMM_WORLD_LOCAL_RANK"] == String(local))
                #expect(env["AZ_BATCHAI_MPI_HOST_FILE"] == hostfile)
            }
        }
        #expect(ranks == ["0", "1", "2", "3"])
        let text = try String(contentsOfFile: hostfile, encoding: .utf8)
        #expect(text == "127.0.0.1 slots=2 # horovod-0\n127.0.0.1 slots=2 # horovod-1\n")
    }

    @Test func tensorFlowGivesEachTaskItsTFConfig() throws {
        let h = try JobHarness()
        try h.apply("""
            name: tf
            command: python tf.py
            environment: {image: tensorflow}
            distribution: {type: tensorflow, worker_count: 2, parameter_server_count: 1}
            resources: {instance_count: 3}
            """)
        try h.reconcile("tf")
        let job = try h.job("tf")
        let port = DistributionEnvironment.masterPort(uid: job.metadata.uid)
        let pods = h.pods(of: "tf")
        #expect(pods.map { $0.spec.containers.map(\.name) } == [["worker-0"], ["worker-1"], ["ps-0"]])
        let config = Self.env(pods[2].spec.containers[0])["TF_CONFIG"]
        #expect(config == "{\"cluster\":{\"worker\":[\"127.0.0.1:\(port)\",\"127.0.0.1:\(port + 1)\"],"
            + "\"ps\":[\"127.0.0.1:\(port + 2)\"]},\"task\":{\"type\":\"ps\",\"index\":0}}")

        try h.apply("""
            name: tf-short
            command: python tf.py
            environment: {image: tensorflow}
            distribution: {type: tensorflow, worker_count: 1}
            resources: {instance_count: 2}
            """)
        try h.reconcile("tf-short")
        #expect(try h.job("tf-short").status.conditions[type: "Failed"]?.reason == "InvalidDistribution")
    }

    @Test func podsOfAnOlderJobOfTheSameNameGoButDeclaredPodsStay() throws {
        let h = try JobHarness()
        try h.apply("name: same\ncommand: echo\nenvironment: {image: x}\n")
        try h.reconcile("same")
        let old = try #require(h.pods(of: "same").first)
        try h.apply("""
            apiVersion: v1
            kind: Pod
            metadata: {name: mine, labels: {skiff.dev/job-name: same}}
            spec: {containers: [{name: c, command: [sleep, "1"]}]}
            """)
        try h.store.delete(ObjectKey(Job.resource.groupKind, namespace: "default", name: "same"))
        try h.apply("name: same\ncommand: echo\nenvironment: {image: x}\n")
        try h.reconcile("same")
        let job = try h.job("same")
        let pod = try #require(h.store.get(old.key) as? Pod)
        #expect(pod.metadata.annotations[JobLabels.jobUID] == job.metadata.uid)
        #expect(old.metadata.annotations[JobLabels.jobUID] != job.metadata.uid)
        #expect(h.store.get(Pod.self, namespace: "default", name: "mine") != nil)
    }
}
