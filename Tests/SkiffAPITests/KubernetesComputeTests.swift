import SkiffAPI
import Testing

struct KubernetesComputeTests {
    func decode(_ spec: String) -> ManifestResult {
        AzureMLTestSupport.decode(
            "apiVersion: skiff.dev/v1alpha1\nkind: KubernetesCompute\nmetadata:\n  name: k8s\nspec:\n" + spec
        )
    }

    @Test func skiffFormDefaultsAndRoundTrip() throws {
        let result = decode(
            """
              defaultInstanceType: small
              instanceTypes:
                small:
                  resources: {limits: {cpu: 1, memory: 2Gi}}
                gpu:
                  nodeSelector: {accelerator: a100}
                  resources: {limits: {cpu: 8, memory: 64Gi, nvidia.com/gpu: 1}}
              resourceId: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c
              identity: {type: system_assigned}

            """
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        var compute = try #require(result.objects.first?.object as? KubernetesCompute)
        #expect(compute.spec.namespace == "default")
        #expect(compute.spec.defaultInstanceType == "small" && compute.effectiveDefaultInstanceType == "small")
        #expect(compute.spec.instanceTypes["gpu"]?.resources.requests[.nvidiaGPU] == 1)
        #expect(compute.spec.instanceTypes["gpu"]?.nodeSelector == ["accelerator": "a100"])
        compute.status.provisioningState = "Succeeded"
        compute.status.conditions = [Condition(type: "NamespaceReady", status: .false, reason: "NamespaceNotFound")]
        #expect(try AzureMLTestSupport.roundTrip(compute).isEqual(to: compute))
        #expect(AzureMLTestSupport.registry.resolve("kc").first.map { $0 == KubernetesCompute.self } == true)

        let bare = try #require(decode("  {}\n").objects.first?.object as? KubernetesCompute)
        #expect(bare.effectiveDefaultInstanceType == "defaultinstancetype")
    }

    @Test func theDefaultMustBeOneOfTheInstanceTypes() {
        let result = decode(
            "  namespace: Team_A\n  defaultInstanceType: large\n  instanceTypes:\n"
                + "    small: {resources: {limits: {cpu: 1, memory: 2Gi}}}\n    Medium: {resources: {limits: {cpu: 2,"
                + " memory: 4Gi}}}\n"
        )
        let messages = AzureMLTestSupport.messages(result)
        #expect(messages.count == 3)
        #expect(
            messages[0].hasPrefix("t.yaml:6:14: spec.namespace: Invalid value: \"Team_A\": a lowercase RFC 1123 label")
        )
        #expect(messages[1].hasPrefix("t.yaml:10:5: spec.instanceTypes[Medium]: Invalid value: \"Medium\": "))
        #expect(
            messages[2] == "t.yaml:7:24: spec.defaultInstanceType: Invalid value: \"large\": "
                + "must name one of the instance types: \"small\""
        )
    }

    @Test func attachConfigurationJSON() throws {
        let result = AzureMLTestSupport.decode(
            """
            {
              "namespace": "amlarc",
              "defaultInstanceType": "gpu_instance",
              "instanceTypes": {
                "gpu_instance": {"nodeSelector": {"accelerator": "nvidia-tesla-k80"},
                  "resources": {"requests": {"cpu": "1", "memory": "4Gi", "nvidia.com/gpu": "1"},
                                "limits": {"cpu": "1", "memory": "4Gi", "nvidia.com/gpu": "1"}}},
                "big_cpu_sku": {"resources": {"limits": {"cpu": "4", "memory": "16Gi"}}}
              }
            }
            """,
            file: "attach-config.json"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        #expect(result.warnings.count == 3)
        let compute = try #require(result.objects.first?.object as? KubernetesCompute)
        #expect(compute.metadata.name == "attach-config")
        #expect(compute.spec.namespace == "amlarc" && compute.spec.defaultInstanceType == "gpu-instance")
        #expect(compute.spec.instanceTypes.keys.sorted() == ["big-cpu-sku", "gpu-instance"])
        #expect(compute.spec.instanceTypes["big-cpu-sku"]?.resources.requests == [.cpu: 4, .memory: "16Gi"])
    }

    @Test func namesThatCollideAfterConversionAreRefused() {
        let result = AzureMLTestSupport.decode(
            "instance_types:\n- {name: cpu_a, resources: {limits: {cpu: 1, memory: 1Gi}}}\n"
                + "- {name: cpu-a, resources: {limits: {cpu: 1, memory: 1Gi}}}\n",
            file: "preview.yml"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "preview.yml:3:10: instance_types[1].name: Duplicate value: \"cpu-a\" (also the name of \"cpu_a\")"
            ]
        )
    }

    @Test func cliKubernetesComputeWithProperties() throws {
        let result = AzureMLTestSupport.decode(
            """
            $schema: https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json
            name: k8s-compute
            type: kubernetes
            resource_id: /subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks
            namespace: team-a
            identity:
              type: user_assigned
              user_assigned_identities:
              - resource_id: \(AzureMLTestSupport.identityA)
            properties:
              defaultInstanceType: small
              instanceTypes:
                small: {resources: {limits: {cpu: "500m", memory: 1Gi}}}

            """,
            file: "k8s.yml"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        let compute = try #require(result.objects.first?.object as? KubernetesCompute)
        #expect(compute.metadata.name == "k8s-compute" && compute.spec.namespace == "team-a")
        #expect(compute.spec.defaultInstanceType == "small")
        #expect(compute.spec.resourceId?.hasSuffix("managedClusters/aks") == true)
        #expect(compute.spec.identity?.userAssignedIdentities.count == 1)

        let conflict = AzureMLTestSupport.decode(
            "type: kubernetes\nname: k\nnamespace: a\nproperties: {namespace: b, vcName: x}\n",
            file: "k.yml"
        )
        #expect(
            AzureMLTestSupport.messages(conflict) == [
                "k.yml:4:25: properties.namespace: Invalid value: \"b\": conflicts with namespace \"a\""
            ]
        )
    }
}
