import Foundation
import SkiffAPI
import Testing

/// Decoding helpers shared by the Azure ML kind and adapter tests.
enum AzureMLTestSupport {
    static let registry = KindRegistry([Namespace.self] + AzureMLAdapters.kinds)
    static let decoder = ManifestDecoder(registry: registry, adapters: AzureMLAdapters.all)
    static let fixtures = SharedFolder.path + "/fixtures/azureml/"
    /// ARM ids of user-assigned identities, for documents that need real-looking ones.
    static let identityPrefix = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
    static let identityA = identityPrefix + "userAssignedIdentities/a"
    static let identityB = identityPrefix + "userAssignedIdentities/b"
    static let aksID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1"

    static func decode(_ text: String, file: String = "t.yaml") -> ManifestResult {
        decoder.decode(bytes: Array(text.utf8), file: file)
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        guard case .bytes(let bytes) = ManifestReader.read(path, maxBytes: 1 << 22) else {
            throw FixtureMissing(path: path)
        }
        return bytes
    }

    static func fixture(_ name: String) throws -> ManifestResult {
        decoder.decode(bytes: try bytes(fixtures + name), file: name)
    }

    /// Decodes one document with an adapter directly, reading status (as the API and persistence do).
    static func adapt(
        _ adapter: any ManifestAdapter,
        bytes: [UInt8],
        file: String,
        includeStatus: Bool
    ) throws -> ([any APIObject], DecodeContext) {
        let documents = try YAMLParser().parse(bytes: bytes, file: file)
        let root = try #require(documents.first?.root)
        let context = DecodeContext(file: file, includeStatus: includeStatus)
        let reader = try #require(MappingReader(root, path: FieldPath(), context: context))
        #expect(adapter.matches(root))
        let objects = adapter.decode(reader, fileStem: ManifestDecoder.stem(of: file))
        reader.finish()
        return (objects, context)
    }

    /// Encodes an object as JSON and decodes it again through the registry, status included.
    static func roundTrip(_ object: any APIObject) throws -> any APIObject {
        let text = object.encoded().serialized()
        let documents = try YAMLParser().parse(text, file: "round-trip.json")
        let root = try #require(documents.first?.root)
        let context = DecodeContext(file: "round-trip.json", includeStatus: true)
        let decoded = ObjectDecoder.decode(root, registry: registry, context: context)
        #expect(context.errors.map(\.description) == [])
        return try #require(decoded)
    }

    static func messages(_ result: ManifestResult) -> [String] { result.errors.map(\.description) }
    static func warnings(_ result: ManifestResult) -> [String] { result.warnings.map(\.description) }

    struct FixtureMissing: Error { var path: String }
}

/// Every file of the shared Azure ML fixtures, loaded from where they are, with its verdict.
struct FixtureTests {
    enum Verdict: Sendable, CustomStringConvertible {
        /// Loads: the kinds of the objects, in order, and how many warnings.
        case loads([String], warnings: Int)
        /// Refused with exactly these errors.
        case refused([String])

        var description: String {
            switch self {
            case .loads(let kinds, let warnings): "loads \(kinds) with \(warnings) warnings"
            case .refused(let errors): "refused: \(errors)"
            }
        }
    }

    static let missingParameter = "has no defaultValue and no value was given"

    static let verdicts: [(String, Verdict)] = [
        ("amlcompute-cluster-basic.yml", .loads(["AmlCompute"], warnings: 0)),
        ("amlcompute-cluster-low-priority.yml", .loads(["AmlCompute"], warnings: 0)),
        ("amlcompute-cluster-minimal.yml", .loads(["AmlCompute"], warnings: 0)),
        // The example's identity is a placeholder, not an ARM id: a warning, not an error.
        ("amlcompute-cluster-user-identity.yml", .loads(["AmlCompute"], warnings: 1)),
        // Three parameters have no default; ARM refuses such a deployment before evaluating anything.
        (
            "extension-arm-template-deployextension.json",
            .refused([
                "extension-arm-template-deployextension.json:5:9: parameters.extensionName: Required value: "
                    + "the template parameter \"extensionName\" \(missingParameter)",
                "extension-arm-template-deployextension.json:26:9: parameters.aksResourceId: Required value: "
                    + "the template parameter \"aksResourceId\" \(missingParameter)",
                "extension-arm-template-deployextension.json:31:9: parameters.aksLocation: Required value: "
                    + "the template parameter \"aksLocation\" \(missingParameter)",
            ])
        ),
        ("instancetype-list.yaml", .loads(["InstanceType", "InstanceType"], warnings: 0)),
        ("instancetype-single.yaml", .loads(["InstanceType"], warnings: 0)),
        ("job-hello-world.yml", .loads(["Job"], warnings: 0)),
        ("job-pytorch-distributed.yml", .loads(["Job"], warnings: 0)),
        ("job-sweep-hello.yml", .loads(["Job"], warnings: 0)),
        // The obsolete 2021 preview form: `cpu_instance` becomes `cpu-instance` (two warnings).
        ("kubernetes-compute-attach-preview2021-instance-types.yml", .loads(["KubernetesCompute"], warnings: 2)),
        ("rest-amlcompute-get.json", .loads(["AmlCompute"], warnings: 0)),
        // `defaultInstanceType` becomes `defaultinstancetype`, the default's magic name (two warnings).
        ("rest-kubernetescompute-createorupdate.json", .loads(["KubernetesCompute"], warnings: 2)),
    ]

    @Test func everyFixtureHasAVerdict() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: AzureMLTestSupport.fixtures)
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
        #expect(files == Self.verdicts.map(\.0).sorted())
    }

    @Test(arguments: verdicts.map(\.0))
    func fixtureVerdict(_ name: String) throws {
        let verdict = try #require(Self.verdicts.first { $0.0 == name }?.1)
        let result = try AzureMLTestSupport.fixture(name)
        switch verdict {
        case .loads(let kinds, let warnings):
            #expect(AzureMLTestSupport.messages(result) == [])
            #expect(result.objects.map { type(of: $0.object).resource.kind } == kinds)
            #expect(result.warnings.count == warnings, "\(AzureMLTestSupport.warnings(result))")
        case .refused(let errors):
            #expect(result.objects.isEmpty)
            #expect(AzureMLTestSupport.messages(result) == errors)
        }
    }

    @Test func amlComputeExamples() throws {
        let basic = try #require(
            try AzureMLTestSupport.fixture("amlcompute-cluster-basic.yml").objects.first?.object as? AmlCompute
        )
        #expect(basic.metadata.name == "basic-example")
        #expect(basic.spec.size == "Standard_DS3_v2")
        #expect(basic.spec.tier == .dedicated)
        #expect((basic.spec.minInstances, basic.spec.maxInstances) == (0, 2))
        #expect(basic.spec.idleTimeBeforeScaleDown == 120)
        #expect(basic.vmSize?.vcpus == 4)

        let lowPriority = try #require(
            try AzureMLTestSupport.fixture("amlcompute-cluster-low-priority.yml").objects.first?.object as? AmlCompute
        )
        #expect(lowPriority.metadata.name == "low-pri-example")
        #expect(lowPriority.spec.tier == .lowPriority)

        let minimal = try #require(
            try AzureMLTestSupport.fixture("amlcompute-cluster-minimal.yml").objects.first?.object as? AmlCompute
        )
        #expect(minimal.spec == AmlCompute.Spec())
        #expect(minimal.spec.size == "Standard_DS3_v2" && minimal.spec.maxInstances == 1)

        let result = try AzureMLTestSupport.fixture("amlcompute-cluster-user-identity.yml")
        let identity = try #require((result.objects.first?.object as? AmlCompute)?.spec.identity)
        #expect(identity.type == .userAssigned)
        #expect(identity.defaultIdentity?.resourceId == "identity_resource_id")
        #expect(
            AzureMLTestSupport.warnings(result) == [
                "amlcompute-cluster-user-identity.yml:12:20: warning: "
                    + "identity.user_assigned_identities[0].resource_id: "
                    + "\"identity_resource_id\" does not look like a user-assigned identity's ARM id "
                    + "(/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME)"
            ]
        )
    }

    @Test func instanceTypeExamples() throws {
        let list = try AzureMLTestSupport.fixture("instancetype-list.yaml").objects.compactMap {
            $0.object as? InstanceType
        }
        #expect(list.map(\.metadata.name) == ["cpusmall", "defaultinstancetype"])
        #expect(list[0].spec.resources.requests == [.cpu: "100m", .memory: "100Mi", .nvidiaGPU: 0])
        #expect(list[0].spec.resources.limits == [.cpu: "1", .memory: "1Gi", .nvidiaGPU: 0])
        #expect(list[1].isDefault)

        let single = try #require(
            try AzureMLTestSupport.fixture("instancetype-single.yaml").objects.first?.object as? InstanceType
        )
        #expect(single.metadata.name == "myinstancetypename")
        #expect(single.spec.nodeSelector == ["mylabel": "mylabelvalue"])
        #expect(single.spec.resources.requests == [.cpu: "700m", .memory: "1500Mi", .nvidiaGPU: 1])
        #expect(single.spec.resources.limits == [.cpu: "1", .memory: "2Gi", .nvidiaGPU: 1])
        #expect(single.spec.resources.gpus == 1)
    }

    @Test func jobExamples() throws {
        let hello = try #require(try AzureMLTestSupport.fixture("job-hello-world.yml").objects.first?.object as? Job)
        #expect(hello.metadata.name == "job-hello-world" && hello.metadata.namespace == "default")
        #expect(hello.spec.type == .command)
        #expect(hello.spec.command == "echo \"hello world\"")
        #expect(hello.spec.environment?.image == "library/python:latest")
        #expect(hello.spec.compute == nil && hello.spec.instanceCount == 1 && hello.spec.shmSize == "2g")

        let pytorch = try #require(
            try AzureMLTestSupport.fixture("job-pytorch-distributed.yml").objects.first?.object as? Job
        )
        #expect(pytorch.spec.compute == "gpu-cluster")
        #expect(pytorch.spec.instanceCount == 2 && pytorch.isGang)
        #expect(pytorch.spec.distribution == .pyTorch(processCountPerInstance: 1))
        #expect(pytorch.spec.environment == .reference("azureml:AzureML-acpt-pytorch-2.8-cuda12.6@latest"))
        #expect(pytorch.spec.code == "src")
        #expect(pytorch.spec.inputs["learning_rate"] == .number("0.2"))
        #expect(pytorch.spec.inputs["cifar"]?["type"] == .string("uri_folder"))
        #expect(pytorch.spec.command?.hasPrefix("python train.py --epochs ${{inputs.epochs}}") == true)
        #expect(pytorch.spec.displayName == "pytorch-cifar-distributed-example")
        #expect(pytorch.spec.experimentName == "pytorch-cifar-distributed-example")

        let sweep = try #require(try AzureMLTestSupport.fixture("job-sweep-hello.yml").objects.first?.object as? Job)
        #expect(sweep.spec.type == .sweep)
        #expect(sweep.spec.trial?.code == "src")
        #expect(sweep.spec.trial?.environment == .reference("azureml:AzureML-sklearn-1.5@latest"))
        #expect(sweep.spec.samplingAlgorithm == SamplingAlgorithm(type: "random"))
        #expect(sweep.spec.objective == SweepObjective(goal: "minimize", primaryMetric: "random_metric"))
        #expect(sweep.spec.searchSpace["B"]?["type"] == .string("choice"))
        #expect(sweep.spec.limits == JobLimits(timeout: 3600, maxTotalTrials: 4, maxConcurrentTrials: 2))
        #expect(sweep.spec.compute == nil)
    }

    @Test func kubernetesComputeExamples() throws {
        let preview = try AzureMLTestSupport.fixture("kubernetes-compute-attach-preview2021-instance-types.yml")
        let compute = try #require(preview.objects.first?.object as? KubernetesCompute)
        #expect(compute.metadata.name == "kubernetes-compute-attach-preview2021-instance-types")
        #expect(compute.spec.namespace == "amlarc-testing")
        #expect(compute.spec.defaultInstanceType == "cpu-instance")
        let cpu = try #require(compute.spec.instanceTypes["cpu-instance"])
        #expect(cpu.nodeSelector == [:])
        #expect(cpu.resources.requests == [.cpu: 1, .memory: "4Gi"])
        #expect(cpu.resources.limits == [.cpu: 1, .memory: "4Gi"])
        #expect(
            AzureMLTestSupport.warnings(preview) == [
                "kubernetes-compute-attach-preview2021-instance-types.yml:2:24: warning: default_instance_type: "
                    + "\"cpu_instance\" is stored as \"cpu-instance\" (Kubernetes names are lowercase RFC 1123 "
                    + "subdomains)",
                "kubernetes-compute-attach-preview2021-instance-types.yml:5:11: warning: instance_types[0].name: "
                    + "\"cpu_instance\" is stored as \"cpu-instance\" (Kubernetes names are lowercase RFC 1123 "
                    + "subdomains)",
            ]
        )

        let rest = try AzureMLTestSupport.fixture("rest-kubernetescompute-createorupdate.json")
        let attached = try #require(rest.objects.first?.object as? KubernetesCompute)
        #expect(attached.metadata.name == "compute123")
        #expect(attached.spec.namespace == "default")
        #expect(attached.spec.defaultInstanceType == "defaultinstancetype")
        #expect(attached.spec.instanceTypes["defaultinstancetype"]?.resources.limits == [.cpu: 1, .memory: "4Gi"])
        #expect(attached.spec.description == "some compute" && attached.spec.location == "eastus")
        #expect(attached.spec.resourceId?.hasSuffix("managedClusters/compute123-56826-c9b00420020b2") == true)
        #expect(
            AzureMLTestSupport.warnings(rest).first?.hasPrefix(
                "rest-kubernetescompute-createorupdate.json:16:34: warning: "
                    + "parameters.parameters.properties.properties.defaultInstanceType:"
            ) == true
        )
    }

    @Test func restAmlComputeExampleAndItsStatus() throws {
        let result = try AzureMLTestSupport.fixture("rest-amlcompute-get.json")
        let compute = try #require(result.objects.first?.object as? AmlCompute)
        #expect(compute.metadata.name == "compute123")
        #expect(compute.spec.size == "Standard_NC6")
        #expect(compute.spec.tier == .dedicated)
        #expect(compute.spec.osType == .windows)
        #expect((compute.spec.minInstances, compute.spec.maxInstances) == (0, 1))
        #expect(compute.spec.idleTimeBeforeScaleDown == 300)
        #expect(compute.spec.sshPublicAccessEnabled == true)
        #expect(compute.spec.networkSettings?.subnet == "test-subnet-resource-id")
        #expect(compute.spec.location == "eastus2" && compute.spec.description == "some compute")
        #expect(compute.status == AmlCompute.Status())

        let bytes = try AzureMLTestSupport.bytes(AzureMLTestSupport.fixtures + "rest-amlcompute-get.json")
        let (objects, context) = try AzureMLTestSupport.adapt(
            RESTComputeAdapter(),
            bytes: bytes,
            file: "rest-amlcompute-get.json",
            includeStatus: true
        )
        #expect(context.errors.map(\.description) == [])
        let withStatus = try #require(objects.first as? AmlCompute)
        #expect(withStatus.status.provisioningState == "Succeeded")
        #expect(withStatus.status.allocationState == .resizing)
        #expect(withStatus.status.allocationStateTransitionTime == Timestamp(rfc3339: "2017-09-27T22:28:08Z"))
        #expect(withStatus.status.currentNodeCount == 0 && withStatus.status.targetNodeCount == 1)
        #expect(withStatus.status.nodeStateCounts == AmlCompute.NodeStateCounts())
        #expect(try AzureMLTestSupport.roundTrip(withStatus).isEqual(to: withStatus))
    }

    /// The extension template loads once its three required parameters have values (an ARM deployment request
    /// wrapping the fixture), and its settings are evaluated as ARM would.
    @Test func extensionTemplateWithParameterValues() throws {
        let template = String(
            decoding: try AzureMLTestSupport.bytes(
                AzureMLTestSupport.fixtures + "extension-arm-template-deployextension.json"
            ),
            as: UTF8.self
        )
        let request = """
            {"properties": {"mode": "Incremental", "parameters": {
              "extensionName": {"value": "AzureML-Ext"},
              "aksResourceId": {"value": "\(AzureMLTestSupport.aksID)"},
              "aksLocation": {"value": "eastus"},
              "enableTraining": {"value": true},
              "nodeSelector": {"value": {"nodeSelector.agentpool": "gpu"}}},
             "template": \(template)}}
            """
        let result = AzureMLTestSupport.decode(request, file: "deploy.json")
        #expect(AzureMLTestSupport.messages(result) == [])
        let ext = try #require(result.objects.first?.object as? Extension)
        #expect(ext.metadata.name == "azureml-ext")
        #expect(ext.spec.extensionType == "microsoft.azureml.kubernetes")
        #expect(ext.spec.releaseTrain == "stable" && ext.spec.autoUpgradeMinorVersion == false)
        #expect(ext.spec.enableTraining && !ext.spec.enableInference)
        #expect(ext.spec.configurationSettings["cluster_name_friendly"] == "aks1")
        #expect(ext.spec.configurationSettings["clusterPurpose"] == "FastProd")
        #expect(ext.spec.configurationSettings["installVolcano"] == "True")
        #expect(ext.spec.nodeSelector == ["agentpool": "gpu"])
        #expect(ext.spec.installPromOp && !ext.spec.installNvidiaDevicePlugin)
        // Inference is off, so the SSL settings stay out; protected settings are the empty cert and key.
        #expect(ext.spec.configurationSettings["sslCname"] == nil)
        #expect(ext.spec.configurationProtectedSettings == ["scoringFe.sslCert": "", "scoringFe.sslKey": ""])
        #expect(
            AzureMLTestSupport.warnings(result) == [
                "deploy.json:177:21: warning: properties.template.resources[0].name: \"AzureML-Ext\" is stored as "
                    + "\"azureml-ext\" (Kubernetes names are lowercase RFC 1123 subdomains)"
            ]
        )
    }
}
