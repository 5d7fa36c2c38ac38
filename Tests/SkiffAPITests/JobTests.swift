import Foundation
import SkiffAPI
import Testing

struct JobTests {
    func decode(_ spec: String) -> ManifestResult {
        AzureMLTestSupport.decode(
            "apiVersion: skiff.dev/v1alpha1\nkind: Job\nmetadata:\n  name: train\n  namespace: ml\nspec:\n" + spec
        )
    }

    @Test func skiffCommandJobRoundTrips() throws {
        let result = decode(
            """
              command: python train.py --lr ${{inputs.lr}} --out ${{outputs.model}}
              environment: {image: "nvcr.io/nvidia/pytorch:24.01-py3"}
              environmentVariables: {NCCL_DEBUG: INFO}
              compute: gpu-cluster
              instanceType: gpu
              instanceCount: 2
              shmSize: 16g
              distribution: {type: tensorflow}
              inputs: {lr: 0.01}
              outputs: {model: {type: uri_folder}}
              limits: {timeout: 3600}
              queueSettings: {jobTier: Spot, priority: high}
              tags: {owner: ml}

            """
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        var job = try #require(result.objects.first?.object as? Job)
        #expect(job.metadata.namespace == "ml" && job.spec.type == .command)
        #expect(job.spec.distribution == .tensorFlow(workerCount: 2, parameterServerCount: 0))
        #expect(job.spec.queueSettings == JobQueueSettings(jobTier: "spot", priority: "high"))
        #expect(job.spec.environment?.image == "nvcr.io/nvidia/pytorch:24.01-py3")
        #expect(job.spec.limits == JobLimits(timeout: 3600) && job.isGang)
        job.status.phase = "Running"
        job.status.startTime = Timestamp(seconds: 1_800_000_000)
        job.status.conditions = [Condition(type: "Scheduled", status: .true, reason: "GangPlaced")]
        #expect(try AzureMLTestSupport.roundTrip(job).isEqual(to: job))
        let registry = AzureMLTestSupport.registry
        #expect(registry.resolve("amljob").first.map { $0 == Job.self } == true)
        #expect(registry.category("all").contains { $0 == Job.self } && Job.resource.namespaced)
    }

    @Test func skiffSweepJobRoundTrips() throws {
        let result = decode(
            """
              type: sweep
              compute: cpu-cluster
              trial:
                command: python sweep.py --c ${{search_space.c}}
                environment: azureml:sklearn@latest
                distribution: {type: mpi, processCountPerInstance: 2}
              samplingAlgorithm: {type: random, seed: 7, rule: sobol}
              searchSpace:
                c: {type: uniform, min_value: 0.1, max_value: 1}
              objective: {goal: Maximize, primaryMetric: accuracy}
              earlyTermination: {type: bandit, slack_factor: 0.1}
              limits: {maxTotalTrials: 10, trialTimeout: 600}

            """
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        let job = try #require(result.objects.first?.object as? Job)
        #expect(job.spec.trial?.distribution == .mpi(processCountPerInstance: 2))
        #expect(job.spec.samplingAlgorithm == SamplingAlgorithm(type: "random", seed: 7, rule: "sobol"))
        #expect(job.spec.objective?.goal == "maximize")
        #expect(job.spec.limits == JobLimits(timeout: 5_184_000, maxTotalTrials: 10, trialTimeout: 600))
        #expect(try AzureMLTestSupport.roundTrip(job).isEqual(to: job))
    }

    @Test func commandJobsNeedACommandAndAnEnvironment() {
        let result = decode("  environment: {conda_file: env.yml}\n  instanceCount: 0\n  shmSize: 2GB\n")
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:7:3: spec.command: Required value",
                "t.yaml:7:16: spec.environment.image: Required value: an inline environment needs image or build",
                "t.yaml:8:18: spec.instanceCount: Invalid value: 0: must be greater than or equal to 1",
                "t.yaml:9:12: spec.shmSize: Invalid value: \"2GB\": must be a positive number followed by b, k, m or g "
                    + "(for example \"2g\")",
            ]
        )
    }

    @Test func distributionsAndTheirDefaults() {
        let mpi = decode("  command: x\n  environment: e\n  distribution: {type: mpi}\n")
        #expect(
            AzureMLTestSupport.messages(mpi) == [
                "t.yaml:9:17: spec.distribution.processCountPerInstance: Required value"
            ]
        )
        let ray = decode("  command: x\n  environment: e\n  distribution: {type: ray}\n")
        #expect(
            AzureMLTestSupport.messages(ray) == [
                "t.yaml:9:24: spec.distribution.type: Unsupported value: \"ray\": "
                    + "supported values: \"pytorch\", \"mpi\", \"tensorflow\""
            ]
        )
        let pytorch = decode("  command: x\n  environment: e\n  distribution: {type: PyTorch, workerCount: 2}\n")
        #expect(
            AzureMLTestSupport.messages(pytorch) == ["t.yaml:9:33: unknown field \"spec.distribution.workerCount\""]
        )
    }

    @Test func bindingsMustNameDeclaredInputs() {
        let result = decode(
            "  command: python t.py ${{inputs.epochs}} ${{outputs.x}}\n  environment: e\n  inputs: {epoch: 1}\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:7:12: spec.command: Invalid value: \"${{inputs.epochs}}\": inputs has no \"epochs\"",
                "t.yaml:7:12: spec.command: Invalid value: \"${{outputs.x}}\": outputs has no \"x\"",
            ]
        )
        #expect(Job.bindings(in: "a ${{ inputs.x }} b").map(\.name) == ["x"])
    }

    @Test func cliCommandJobWithResources() throws {
        let workspace = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w"
        let result = AzureMLTestSupport.decode(
            """
            $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
            name: Train_Job
            command: echo hi
            environment: azureml:env:3
            compute: azureml:\(workspace)/computes/tailwind-k8s
            resources:
              instance_type: gpu_big
              instance_count: 3
              shm_size: 8g
              docker_args: --privileged
            queue_settings: {job_tier: standard}
            identity: {type: user_identity}
            status: Completed

            """,
            file: "job.yml"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        #expect(
            AzureMLTestSupport.warnings(result) == [
                "job.yml:2:7: warning: name: \"Train_Job\" is stored as \"train-job\" "
                    + "(Kubernetes names are lowercase RFC 1123 subdomains)",
                "job.yml:10:3: warning: resources.docker_args: ignored: Skiff does not use this setting",
                "job.yml:7:18: warning: resources.instance_type: \"gpu_big\" is stored as \"gpu-big\" "
                    + "(Kubernetes names are lowercase RFC 1123 subdomains)",
            ]
        )
        let job = try #require(result.objects.first?.object as? Job)
        #expect(job.metadata.name == "train-job" && job.metadata.namespace == "default")
        #expect(job.spec.compute == "tailwind-k8s" && job.spec.instanceType == "gpu-big")
        #expect(job.spec.instanceCount == 3 && job.spec.shmSize == "8g")
        #expect(job.spec.identity?["type"] == .string("user_identity"))
    }

    @Test func obsoletePreviewComputeAndMismatchedType() {
        let preview = AzureMLTestSupport.decode(
            "command: x\nenvironment: e\ncompute:\n  target: azureml:k8s\n  instance_type: gpu\n",
            file: "old.yml"
        )
        #expect(
            AzureMLTestSupport.messages(preview) == [
                "old.yml:4:3: compute: the 2021 preview form compute: {target, instance_type} is obsolete; write "
                    + "compute: azureml:<name> and resources.instance_type"
            ]
        )
        let explicit = AzureMLTestSupport.decode(
            "type: command\ncommand: x\nenvironment: e\ncompute:\n  target: azureml:k8s\n  instance_type: gpu\n",
            file: "old.yml"
        )
        #expect(
            AzureMLTestSupport.messages(explicit) == [
                "old.yml:5:3: compute: the 2021 preview form compute: {target, instance_type} is obsolete; write "
                    + "compute: azureml:<name> and resources.instance_type"
            ]
        )
        let mismatch = AzureMLTestSupport.decode(
            "$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json\ntype: command\n"
                + "command: x\nenvironment: e\n",
            file: "j.yml"
        )
        #expect(
            AzureMLTestSupport.messages(mismatch) == [
                "j.yml:2:7: type: Invalid value: \"command\": $schema names a sweep job"
            ]
        )
    }

    @Test func cliSweepTakesTrialResourcesAndRefusesConflicts() throws {
        let sweep = """
            type: sweep
            compute: azureml:k8s
            resources: {instance_type: gpu}
            trial:
              command: python s.py --x ${{search_space.x}}
              environment: azureml:e@latest
              resources: {instance_count: 2, instance_type: %TYPE%}
              distribution: {type: tensorflow, parameter_server_count: 1}
            search_space:
              x: {type: choice, values: [1, 2]}
            objective: {goal: minimize, primary_metric: loss}
            limits: {max_total_trials: 4}

            """
        let ok = AzureMLTestSupport.decode(sweep.replacingOccurrences(of: "%TYPE%", with: "gpu"), file: "s.yml")
        #expect(AzureMLTestSupport.messages(ok) == [])
        let job = try #require(ok.objects.first?.object as? Job)
        #expect(job.spec.instanceCount == 2 && job.spec.instanceType == "gpu")
        #expect(job.spec.trial?.distribution == .tensorFlow(workerCount: 2, parameterServerCount: 1))
        #expect(job.spec.limits.maxTotalTrials == 4 && job.spec.limits.timeout == 5_184_000)
        let conflict = AzureMLTestSupport.decode(sweep.replacingOccurrences(of: "%TYPE%", with: "cpu"), file: "s.yml")
        #expect(
            AzureMLTestSupport.messages(conflict) == [
                "s.yml:7:49: trial.resources.instance_type: Invalid value: \"cpu\": conflicts with "
                    + "resources.instance_type (\"gpu\")"
            ]
        )
        let badSpace = AzureMLTestSupport.decode(
            "type: sweep\ntrial: {command: x, environment: e}\nsearch_space: {x: {type: loguniform, min_value: 1}}\n"
                + "objective: {goal: up, primary_metric: loss}\nsampling_algorithm: sobol\n",
            file: "s.yml"
        )
        #expect(
            AzureMLTestSupport.messages(badSpace) == [
                "s.yml:3:19: search_space.x.max_value: Required value: a loguniform distribution needs it",
                "s.yml:5:21: sampling_algorithm: Unsupported value: \"sobol\": supported values: \"random\", \"grid\", "
                    + "\"bayesian\"",
                "s.yml:4:19: objective.goal: Unsupported value: \"up\": supported values: \"minimize\", \"maximize\"",
            ]
        )
    }
}
