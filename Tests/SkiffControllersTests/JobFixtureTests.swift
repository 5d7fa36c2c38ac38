import Foundation
import Testing

@testable import SkiffControllers

/// Every job fixture in the shared folder resolves to pods or to a precise refusal.
struct JobFixtureTests {
    @Test func everyJobFixtureIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: SharedFolder.path + "/fixtures/azureml")
            .filter { $0.hasPrefix("job-") && ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) }.sorted()
        #expect(names == ["job-hello-world.yml", "job-pytorch-distributed.yml", "job-sweep-hello.yml"])
    }

    @Test func helloWorldRunsOnePodOnTheMachine() throws {
        let h = try JobHarness()
        try h.applyFixture("job-hello-world.yml")
        try h.reconcile("job-hello-world")
        let pods = h.pods(of: "job-hello-world")
        #expect(pods.map(\.metadata.name) == ["job-hello-world-0"])
        #expect(pods.first?.spec.containers.first?.command == ["/bin/sh", "-c", "echo \"hello world\""])
        #expect(pods.first?.spec.containers.first?.image == "library/python:latest")
        #expect(try h.job("job-hello-world").status.phase == "Queued")
    }

    @Test func pyTorchDistributedIsRefusedForItsComputeThenForItsDataInput() throws {
        let h = try JobHarness()
        try h.applyFixture("job-pytorch-distributed.yml")
        try h.reconcile("job-pytorch-distributed")
        var job = try h.job("job-pytorch-distributed")
        #expect(job.status.phase == "Failed")
        #expect(job.status.message
            == "compute \"gpu-cluster\" not found: no KubernetesCompute or AmlCompute has that name")
        try h.apply(JobHarness.amlCompute("gpu-cluster", size: "Standard_NC6s_v3"))
        try h.reconcile("job-pytorch-distributed")
        job = try h.job("job-pytorch-distributed")
        #expect(job.status.phase == "Failed")
        #expect(job.status.message.hasPrefix("input \"cifar\" is a uri_folder"))
        #expect(h.pods(of: "job-pytorch-distributed").isEmpty)
    }

    @Test func pyTorchDistributedWithLiteralDataRunsTwoGangedPods() throws {
        let h = try JobHarness()
        let path = SharedFolder.path + "/fixtures/azureml/job-pytorch-distributed.yml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "  cifar:\n     type: uri_folder\n     path: azureml:cifar-10-example@latest",
            with: "  cifar: /data/cifar"
        )
        try h.apply(JobHarness.amlCompute("gpu-cluster", size: "Standard_NC6s_v3"))
        try h.apply(text, file: "jobs/job-pytorch-distributed.yml")
        try h.reconcile("job-pytorch-distributed")
        let pods = h.pods(of: "job-pytorch-distributed")
        #expect(pods.count == 2)
        #expect(pods.allSatisfy { $0.metadata.labels["skiff.dev/pod-group-size"] == "2" })
        let container = try #require(pods.last?.spec.containers.first)
        #expect(container.command[2]
            == "python train.py --epochs 1 --learning-rate 0.2 --data-dir /data/cifar")
        #expect(container.workingDir == "/srv/manifests/jobs/src")
        #expect(container.resources.limits[.nvidiaGPU] == 1)
        let env = JobPodTests.env(container)
        #expect(env["WORLD_SIZE"] == "2" && env["RANK"] == "1")
    }
}
