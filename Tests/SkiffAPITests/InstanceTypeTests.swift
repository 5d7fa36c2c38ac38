import SkiffAPI
import Testing

struct InstanceTypeTests {
    func decode(_ spec: String, name: String = "gpu") -> ManifestResult {
        AzureMLTestSupport.decode(
            "apiVersion: amlarc.azureml.com/v1alpha1\nkind: InstanceType\nmetadata:\n  name: \(name)\nspec:\n" + spec
        )
    }

    @Test func requestsDefaultToLimitsWhereOnlyLimitsAreSet() throws {
        let result = decode(
            "  resources:\n    limits: {cpu: 2, memory: 4Gi, nvidia.com/gpu: 1}\n    requests: {cpu: 500m}\n"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        let it = try #require(result.objects.first?.object as? InstanceType)
        #expect(it.spec.resources.requests == [.cpu: "500m", .memory: "4Gi", .nvidiaGPU: 1])
        #expect(it.spec.resources.limits == [.cpu: 2, .memory: "4Gi", .nvidiaGPU: 1])
        #expect(it.spec.resources.gpus == 1)
        #expect(
            it.encoded().serialized() == #"{"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","#
                + #""metadata":{"name":"gpu"},"spec":{"resources":{"limits":{"cpu":"2","memory":"4Gi","#
                + #""nvidia.com/gpu":"1"},"#
                + #""requests":{"cpu":"500m","memory":"4Gi","nvidia.com/gpu":"1"}}}}"#
        )
    }

    @Test func nullGPUIsAbsent() throws {
        let result = decode(
            "  nodeSelector: null\n  resources:\n    requests: {cpu: \"1\", memory: 4Gi, nvidia.com/gpu: null}\n"
                + "    limits: {cpu: \"1\", memory: 4Gi, nvidia.com/gpu: null}\n"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        let it = try #require(result.objects.first?.object as? InstanceType)
        #expect(it.spec.resources.limits[.nvidiaGPU] == nil && it.spec.resources.gpus == 0)
        #expect(it.spec.nodeSelector == [:])
    }

    @Test func cpuAndMemoryLimitsAreRequiredAndNonZero() {
        let result = decode("  resources:\n    requests: {cpu: \"0\", memory: 1Gi}\n    limits: {memory: \"0\"}\n")
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:8:13: spec.resources.limits[cpu]: Required value",
                "t.yaml:8:22: spec.resources.limits[memory]: Invalid value: \"0\": must be greater than zero",
                "t.yaml:7:21: spec.resources.requests[cpu]: Invalid value: \"0\": must be greater than zero",
                "t.yaml:7:34: spec.resources.requests[memory]: Invalid value: \"1Gi\": "
                    + "must be less than or equal to memory limit of 0",
            ]
        )
    }

    @Test func gpusAreWholeAndRequestedExactlyAsLimited() {
        let fractional = decode("  resources:\n    limits: {cpu: 1, memory: 1Gi, nvidia.com/gpu: 500m}\n")
        #expect(
            AzureMLTestSupport.messages(fractional) == [
                "t.yaml:7:51: spec.resources.limits[nvidia.com/gpu]: Invalid value: \"500m\": must be an integer"
            ]
        )
        let unequal = decode(
            "  resources:\n    requests: {nvidia.com/gpu: 1}\n    limits: {cpu: 1, memory: 1Gi, nvidia.com/gpu: 2}\n"
        )
        #expect(
            AzureMLTestSupport.messages(unequal) == [
                "t.yaml:7:32: spec.resources.requests[nvidia.com/gpu]: Invalid value: \"1\": "
                    + "must be equal to nvidia.com/gpu limit of 2"
            ]
        )
        let requestOnly = decode("  resources:\n    requests: {nvidia.com/gpu: 1}\n    limits: {cpu: 1, memory: 1Gi}\n")
        #expect(
            AzureMLTestSupport.messages(requestOnly) == [
                "t.yaml:8:13: spec.resources.limits[nvidia.com/gpu]: Required value: "
                    + "Limit must be set for non overcommitable resources"
            ]
        )
    }

    @Test func quantitiesAndResourceNamesAreCheckedAsKubernetesDoes() {
        let result = decode(
            "  resources:\n    limits: {cpu: 1, memory: 4GB, gpu: 1, example.com/fpga: -1, nvidia.com/gpu: true}\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:7:30: spec.resources.limits[memory]: Invalid value: \"4GB\": quantities must match the regular "
                    + "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                "t.yaml:7:35: spec.resources.limits[gpu]: Invalid value: \"gpu\": "
                    + "must be a standard resource type or fully qualified",
                "t.yaml:7:61: spec.resources.limits[example.com/fpga]: Invalid value: \"-1\": "
                    + "must be greater than or equal to 0",
                "t.yaml:7:81: spec.resources.limits[nvidia.com/gpu]: expected a quantity, found a boolean",
            ]
        )
    }

    @Test func namesAreDNS1123AndFieldsStrict() {
        let result = decode("  resource: {}\n  resources:\n    limits: {cpu: 1, memory: 1Gi}\n", name: "Big_CPU")
        #expect(AzureMLTestSupport.messages(result).count == 2)
        #expect(
            AzureMLTestSupport.messages(result).first?.hasPrefix(
                "t.yaml:4:9: metadata.name: Invalid value: \"Big_CPU\": a lowercase RFC 1123 subdomain"
            ) == true
        )
        #expect(AzureMLTestSupport.messages(result).last == "t.yaml:6:3: unknown field \"spec.resource\"")
    }

    @Test func statusRoundTripsAndNamesResolve() throws {
        let result = decode("  nodeSelector: {agentpool: gpu}\n  resources:\n    limits: {cpu: 1, memory: 1Gi}\n")
        var it = try #require(result.objects.first?.object as? InstanceType)
        it.status.conditions = [
            Condition(
                type: "Ready",
                status: .false,
                reason: "NoNodeFits",
                message: "no node has nvidia.com/gpu",
                lastTransitionTime: Timestamp(seconds: 1_800_000_000),
                observedGeneration: 2
            )
        ]
        let back = try AzureMLTestSupport.roundTrip(it)
        #expect(back.isEqual(to: it))
        let registry = AzureMLTestSupport.registry
        #expect(registry.resolve("it").first.map { $0 == InstanceType.self } == true)
        #expect(registry.resolve("instancetype.amlarc.azureml.com").first.map { $0 == InstanceType.self } == true)
        #expect(InstanceType.resource.plural == "instancetypes" && !InstanceType.resource.namespaced)
        #expect(registry.category("skiff").contains { $0 == InstanceType.self })
    }

    @Test func listItemsCarryNoKind() throws {
        let result = AzureMLTestSupport.decode(
            "apiVersion: amlarc.azureml.com/v1alpha1\nkind: InstanceTypeList\nitems:\n"
                + "- metadata: {name: a}\n  spec: {resources: {limits: {cpu: 1, memory: 1Gi}}}\n"
                + "- metadata: {name: b}\n  spec: {resources: {limits: {cpu: 1}}}\n"
        )
        #expect(AzureMLTestSupport.messages(result) == ["t.yaml:7:30: spec.resources.limits[memory]: Required value"])
        #expect(result.objects.isEmpty)
    }
}

struct InstanceTypeInvalidQuantityTests {
    @Test func anInvalidLimitIsReportedOnceNotAlsoAsMissing() {
        let text = """
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata: {name: bad}
            spec:
              resources:
                limits: {cpu: "-1", memory: 1Gi, nvidia.com/gpu: 1.5}
            """
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "bad.yaml")
        #expect(result.errors.map(\.description) == [
            "bad.yaml:6:19: spec.resources.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0",
            "bad.yaml:6:54: spec.resources.limits[nvidia.com/gpu]: Invalid value: \"1.5\": must be an integer",
        ])
    }
}
