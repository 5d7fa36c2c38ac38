import SkiffAPI
import Testing

struct ExtensionTests {
    func decode(_ spec: String) -> ManifestResult {
        AzureMLTestSupport.decode(
            "apiVersion: skiff.dev/v1alpha1\nkind: Extension\nmetadata:\n  name: azureml\nspec:\n"
                + "  extensionType: Microsoft.AzureML.Kubernetes\n" + spec
        )
    }

    @Test func trainingExtensionWithTypedAccessors() throws {
        let result = decode(
            "  configurationSettings:\n    enableTraining: \"TRUE\"\n    installNvidiaDevicePlugin: true\n"
                + "    nodeSelector.agentpool: gpu\n    inferenceRouterHA: \"False\"\n"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        #expect(result.warnings.isEmpty)
        let ext = try #require(result.objects.first?.object as? Extension)
        #expect(ext.spec.extensionType == "microsoft.azureml.kubernetes")
        #expect(ext.spec.releaseTrain == "stable" && ext.spec.autoUpgradeMinorVersion && ext.spec.version == nil)
        #expect(ext.spec.enableTraining && !ext.spec.enableInference)
        #expect(ext.spec.installNvidiaDevicePlugin && ext.spec.installPromOp && ext.spec.installVolcano)
        #expect(!ext.spec.installDcgmExporter && !ext.spec.inferenceRouterHA && !ext.spec.allowInsecureConnections)
        #expect(ext.spec.nodeSelector == ["agentpool": "gpu"])
        #expect(ext.spec.configurationSettings["installNvidiaDevicePlugin"] == "true")
        #expect(
            ext.encoded().serialized() == #"{"apiVersion":"skiff.dev/v1alpha1","kind":"Extension","#
                + #""metadata":{"name":"azureml"},"spec":{"extensionType":"microsoft.azureml.kubernetes","#
                + #""releaseTrain":"stable","autoUpgradeMinorVersion":true,"#
                + #""configurationSettings":{"enableTraining":"TRUE","#
                + #""inferenceRouterHA":"False","installNvidiaDevicePlugin":"true","nodeSelector.agentpool":"gpu"}}}"#
        )
    }

    @Test func inferenceWithSSLSecretAndNodePort() throws {
        let result = decode(
            "  configurationSettings:\n    enableInference: \"True\"\n    inferenceRouterServiceType: nodePort\n"
                + "    sslSecret: azureml-fe-tls\n    sslCname: ml.example.com\n"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        let ext = try #require(result.objects.first?.object as? Extension)
        #expect(ext.spec.inferenceRouterServiceType == "NodePort")
        #expect(ext.spec.sslEnabled && ext.spec.sslSecret == "azureml-fe-tls" && ext.spec.sslCname == "ml.example.com")
    }

    @Test func neitherTrainingNorInference() {
        let result = decode("  configurationSettings:\n    enableTraining: \"False\"\n")
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:8:5: spec.configurationSettings: Required value: set enableTraining or enableInference to True"
            ]
        )
        let none = decode("")
        #expect(
            AzureMLTestSupport.messages(none) == [
                "t.yaml:6:3: spec.configurationSettings: Required value: set enableTraining or enableInference to True"
            ]
        )
    }

    @Test func booleansAreTrueOrFalseInAnyCase() {
        let result = decode(
            "  configurationSettings:\n    enableTraining: \"yes\"\n  configurationProtectedSettings:\n"
                + "    installPromOp: \"1\"\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:8:21: spec.configurationSettings[enableTraining]: Invalid value: \"yes\": must be True or "
                    + "False",
                "t.yaml:10:20: spec.configurationProtectedSettings[installPromOp]: Invalid value: \"1\": "
                    + "must be True or False",
            ]
        )
    }

    @Test func inferenceNeedsRouterTypeAndHTTPSOrInsecure() {
        let result = decode(
            "  configurationSettings:\n    enableInference: \"true\"\n    allowInsecureConnections: \"false\"\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:9:31: spec.configurationSettings[allowInsecureConnections]: Required value: inference needs "
                    + "HTTPS: set sslSecret (or sslCertPemFile and sslKeyPemFile in "
                    + "spec.configurationProtectedSettings), "
                    + "or set allowInsecureConnections to True",
                "t.yaml:8:5: spec.configurationSettings[inferenceRouterServiceType]: Required value: "
                    + "inference needs LoadBalancer, NodePort or ClusterIP",
            ]
        )
    }

    @Test func sslNeedsACnameAndRouterTypesAreChecked() {
        let result = decode(
            "  configurationSettings:\n    enableInference: \"true\"\n    inferenceRouterServiceType: ingress\n"
                + "  configurationProtectedSettings:\n    sslCertPemFile: cert.pem\n    sslKeyPemFile: key.pem\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:9:33: spec.configurationSettings[inferenceRouterServiceType]: Unsupported value: \"ingress\": "
                    + "supported values: \"LoadBalancer\", \"NodePort\", \"ClusterIP\"",
                "t.yaml:8:5: spec.configurationSettings[sslCname]: Required value: "
                    + "HTTPS inference endpoints need the certificate's host name",
            ]
        )
    }

    @Test func nodePortAndInternalLoadBalancerAreExclusive() {
        let result = decode(
            "  configurationSettings:\n    enableInference: \"true\"\n    allowInsecureConnections: \"True\"\n"
                + "    inferenceRouterServiceType: NodePort\n    internalLoadBalancerProvider: azure\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:11:35: spec.configurationSettings[internalLoadBalancerProvider]: Forbidden: an internal load "
                    + "balancer and inferenceRouterServiceType NodePort are mutually exclusive"
            ]
        )
    }

    @Test func duplicateKeysAcrossAndWithinMaps() {
        let within = decode(
            "  configurationSettings:\n    nodeSelector.agentpool: a\n    nodeSelector.agentpool: b\n"
        )
        #expect(
            AzureMLTestSupport.messages(within) == [
                "t.yaml:9:5: duplicate key 'nodeSelector.agentpool' (first at line 8)"
            ]
        )
        let across = decode(
            "  configurationSettings:\n    enableTraining: \"True\"\n"
                + "  configurationProtectedSettings:\n    enableTraining: \"True\"\n"
        )
        #expect(
            AzureMLTestSupport.messages(across) == [
                "t.yaml:10:21: spec.configurationProtectedSettings[enableTraining]: Duplicate value: "
                    + "\"enableTraining\": "
                    + "also set in spec.configurationSettings"
            ]
        )
    }

    @Test func nodeSelectorSettingsNameValidLabels() {
        let result = decode(
            "  configurationSettings:\n    enableTraining: \"True\"\n    nodeSelector.: x\n"
                + "    nodeSelector.pool: \"bad value!\"\n"
        )
        #expect(AzureMLTestSupport.messages(result).count == 2)
        #expect(
            AzureMLTestSupport.messages(result).first
                == "t.yaml:9:20: spec.configurationSettings[nodeSelector.]: Invalid value: \"nodeSelector.\": "
                + "a node selector setting names a label: nodeSelector.<label>"
        )
        #expect(
            AzureMLTestSupport.messages(result).last?.hasPrefix(
                "t.yaml:10:24: spec.configurationSettings[nodeSelector.pool]: Invalid value: \"bad value!\": "
            ) == true
        )
    }

    @Test func unknownSettingsAreKeptWithOneWarning() throws {
        let result = decode(
            "  configurationSettings:\n    enableTraining: \"True\"\n    InferenceRouterHA: \"False\"\n    foo: 1\n"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        #expect(
            AzureMLTestSupport.warnings(result) == [
                "t.yaml:9:24: warning: spec.configurationSettings: settings unknown to the Azure ML extension are kept "
                    + "as given (keys are case-sensitive): InferenceRouterHA, foo"
            ]
        )
        let ext = try #require(result.objects.first?.object as? Extension)
        #expect(ext.spec.configurationSettings["foo"] == "1")
        #expect(ext.spec.unknownSettings == ["InferenceRouterHA", "foo"])
        #expect(ext.spec.inferenceRouterHA)
    }

    @Test func extensionTypeVersionAndStrictFields() {
        let result = AzureMLTestSupport.decode(
            "apiVersion: skiff.dev/v1alpha1\nkind: Extension\nmetadata: {name: x}\nspec:\n"
                + "  extensionType: microsoft.flux\n  version: 1.1.61\n  autoUpgradeMinorVersion: true\n"
                + "  releaseTrian: preview\n  configurationSettings: {enableTraining: \"True\"}\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:5:18: spec.extensionType: Unsupported value: \"microsoft.flux\": "
                    + "supported values: \"microsoft.azureml.kubernetes\"",
                "t.yaml:7:28: spec.autoUpgradeMinorVersion: Forbidden: must be false when version \"1.1.61\" is set",
                "t.yaml:8:3: unknown field \"spec.releaseTrian\"",
            ]
        )
    }

    @Test func pinnedVersionTurnsAutoUpgradeOffAndStatusRoundTrips() throws {
        let result = decode("  version: 1.1.61\n  configurationSettings: {enableTraining: \"True\"}\n")
        var ext = try #require(result.objects.first?.object as? Extension)
        #expect(ext.spec.version == "1.1.61" && !ext.spec.autoUpgradeMinorVersion)
        ext.status.provisioningState = "Succeeded"
        ext.status.conditions = [Condition(type: "Installed", status: .true, reason: "Reconciled")]
        #expect(try AzureMLTestSupport.roundTrip(ext).isEqual(to: ext))
        #expect(AzureMLTestSupport.registry.resolve("ext").first.map { $0 == Extension.self } == true)
        #expect(!Extension.resource.namespaced)
    }
}
