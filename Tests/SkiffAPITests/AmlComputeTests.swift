import SkiffAPI
import Testing

struct AmlComputeTests {
    func decode(_ spec: String) -> ManifestResult {
        AzureMLTestSupport.decode(
            "apiVersion: skiff.dev/v1alpha1\nkind: AmlCompute\nmetadata:\n  name: gpu-cluster\nspec:\n" + spec
        )
    }

    @Test func skiffFormWithEveryField() throws {
        let result = decode(
            """
              size: standard_nc6s_v3
              tier: LowPriority
              minInstances: 1
              maxInstances: 4
              idleTimeBeforeScaleDown: 600
              location: westeurope
              identity:
                type: user_assigned
                userAssignedIdentities:
                - resourceId: \(AzureMLTestSupport.identityA)
                  clientId: 00000000-0000-0000-0000-00000000000a
                - resourceId: \(AzureMLTestSupport.identityB)
              sshSettings: {adminUsername: azureuser, sshKeyValue: ssh-ed25519 AAAA}
              sshPublicAccessEnabled: false
              networkSettings: {vnetName: vnet, subnet: default, resourceGroup: net-rg}
              enableNodePublicIp: false
              tags: {team: ml}

            """
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        #expect(result.warnings.isEmpty)
        var compute = try #require(result.objects.first?.object as? AmlCompute)
        #expect(compute.spec.size == "Standard_NC6s_v3" && compute.vmSize?.gpus == 1)
        #expect(compute.spec.tier == .lowPriority)
        #expect(
            (compute.spec.minInstances, compute.spec.maxInstances, compute.spec.idleTimeBeforeScaleDown) == (1, 4, 600)
        )
        #expect(compute.spec.identity?.defaultIdentity?.clientId == "00000000-0000-0000-0000-00000000000a")
        #expect(compute.spec.identity?.userAssignedIdentities.count == 2)
        #expect(
            compute.spec.sshSettings
                == AmlCompute.SSHSettings(adminUsername: "azureuser", sshKeyValue: "ssh-ed25519 AAAA")
        )
        #expect(
            compute.spec.networkSettings
                == AmlCompute.NetworkSettings(vnetName: "vnet", subnet: "default", resourceGroup: "net-rg")
        )
        #expect(compute.spec.sshPublicAccessEnabled == false && !compute.spec.enableNodePublicIp)
        #expect(compute.spec.tags == ["team": "ml"] && compute.spec.location == "westeurope")
        compute.status.provisioningState = "Succeeded"
        compute.status.allocationState = .steady
        compute.status.allocationStateTransitionTime = Timestamp(seconds: 1_700_000_000)
        compute.status.currentNodeCount = 2
        compute.status.targetNodeCount = 2
        compute.status.nodeStateCounts = AmlCompute.NodeStateCounts(idle: 1, running: 1)
        compute.status.errors = [AmlCompute.ComputeError(code: "QuotaExceeded", message: "family quota")]
        compute.status.conditions = [Condition(type: "Ready", status: .true, reason: "Steady")]
        #expect(try AzureMLTestSupport.roundTrip(compute).isEqual(to: compute))
        #expect(AzureMLTestSupport.registry.resolve("amlc").first.map { $0 == AmlCompute.self } == true)
    }

    @Test func defaultsAreTheCLIReferenceOnes() throws {
        let compute = try #require(decode("  {}\n").objects.first?.object as? AmlCompute)
        #expect(compute.spec == AmlCompute.Spec())
        #expect(
            compute.encoded().serialized() == #"{"apiVersion":"skiff.dev/v1alpha1","kind":"AmlCompute","#
                + #""metadata":{"name":"gpu-cluster"},"spec":{"size":"Standard_DS3_v2","tier":"dedicated","#
                + #""minInstances":0,"#
                + #""maxInstances":1,"idleTimeBeforeScaleDown":120,"enableNodePublicIp":true,"osType":"Linux"}}"#
        )
    }

    @Test func sizesComeFromTheCatalogAndCountsAreOrdered() {
        let result = decode(
            "  size: Standard_Z9\n  minInstances: 3\n  maxInstances: 2\n  idleTimeBeforeScaleDown: -5\n"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "t.yaml:6:9: spec.size: Invalid value: \"Standard_Z9\": not a VM size in Skiff's catalog "
                    + "(for example \"Standard_DS3_v2\" or \"Standard_NC6s_v3\")",
                "t.yaml:9:28: spec.idleTimeBeforeScaleDown: Invalid value: -5: must be greater than or equal to 0",
                "t.yaml:8:17: spec.maxInstances: Invalid value: 2: must be greater than or equal to the minimum of 3 "
                    + "instances",
            ]
        )
        let minOnly = decode("  minInstances: 2\n")
        #expect(
            AzureMLTestSupport.messages(minOnly) == [
                "t.yaml:6:17: spec.minInstances: Invalid value: 2: must be less than or equal to the maximum of 1 "
                    + "instances"
            ]
        )
        let tier = decode("  tier: spot\n")
        #expect(
            AzureMLTestSupport.messages(tier) == [
                "t.yaml:6:9: spec.tier: Unsupported value: \"spot\": supported values: \"dedicated\", \"low_priority\""
            ]
        )
    }

    @Test func identitiesAreSystemOrUserAssignedNeverBoth() {
        let both = decode("  identity: {type: \"system_assigned,user_assigned\"}\n")
        #expect(
            AzureMLTestSupport.messages(both) == [
                "t.yaml:6:20: spec.identity.type: Invalid value: \"system_assigned,user_assigned\": "
                    + "a compute has one system-assigned identity or user-assigned identities, not both"
            ]
        )
        let noIDs = decode("  identity: {type: UserAssigned}\n")
        #expect(
            AzureMLTestSupport.messages(noIDs) == [
                "t.yaml:6:13: spec.identity.userAssignedIdentities: Required value: "
                    + "a user_assigned identity needs at least one identity"
            ]
        )
        let systemWithIDs = decode("  identity: {type: SystemAssigned, userAssignedIdentities: [{resourceId: x}]}\n")
        #expect(
            AzureMLTestSupport.messages(systemWithIDs) == [
                "t.yaml:6:60: spec.identity.userAssignedIdentities: Forbidden: "
                    + "may only be set when the identity type is user_assigned"
            ]
        )
    }

    @Test func sshNeedsAPasswordOrKeyAndPasswordsAreComplex() {
        let noSecret = decode("  sshSettings: {adminUsername: azureuser}\n")
        #expect(
            AzureMLTestSupport.messages(noSecret) == [
                "t.yaml:6:16: spec.sshSettings: Required value: the administrator \"azureuser\" needs a password or "
                    + "an SSH public key"
            ]
        )
        let weak = decode("  sshSettings: {adminUsername: azureuser, adminPassword: alllowercase1}\n")
        #expect(
            AzureMLTestSupport.messages(weak) == [
                "t.yaml:6:58: spec.sshSettings.adminPassword: Invalid value: the password must contain at least 3 of: "
                    + "a lowercase letter, an uppercase letter, a digit, a special character"
            ]
        )
        #expect(AmlCompute.SSHSettings.isComplexPassword("Passw0rd"))
        #expect(AmlCompute.SSHSettings.isComplexPassword("pass word1"))
        #expect(!AmlCompute.SSHSettings.isComplexPassword("PASSWORD1"))
    }

    @Test func cliFormIsSnakeCaseAndStrict() throws {
        let subnet = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
        let result = AzureMLTestSupport.decode(
            """
            $schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json
            name: GPU_Cluster
            type: amlcompute
            size: Standard_NC24ads_A100_v4
            min_instance: 1
            ssh_settings: {admin_username: azureuser, admin_password: Passw0rd!}
            network_settings: {vnet_name: v, subnet: \(subnet)}

            """,
            file: "cluster.yml"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "cluster.yml:7:31: network_settings.vnet_name: Forbidden: may not be set when the subnet is a full "
                    + "ARM id",
                "cluster.yml:5:1: unknown field \"min_instance\"",
            ]
        )
        #expect(
            AzureMLTestSupport.warnings(result) == [
                "cluster.yml:2:7: warning: name: \"GPU_Cluster\" is stored as \"gpu-cluster\" "
                    + "(Kubernetes names are lowercase RFC 1123 subdomains)"
            ]
        )
        let ok = AzureMLTestSupport.decode(
            "type: AmlCompute\nname: c\ntier: low_priority\nidentity: {type: system_assigned}\n"
                + "ssh_public_access_enabled: true\nenable_node_public_ip: false\nid: /x\nprovisioning_state: "
                + "Succeeded\n"
        )
        #expect(AzureMLTestSupport.messages(ok) == [])
        let compute = try #require(ok.objects.first?.object as? AmlCompute)
        #expect(compute.spec.identity == ManagedIdentity(type: .systemAssigned))
        #expect(compute.spec.tier == .lowPriority && compute.spec.sshPublicAccessEnabled == true)
    }

    @Test func sdkV1ProvisioningConfiguration() throws {
        let result = AzureMLTestSupport.decode(
            """
            vm_size: STANDARD_NC6S_V3
            vm_priority: lowpriority
            min_nodes: 0
            max_nodes: 4
            admin_username: azureuser
            admin_user_ssh_key: ssh-rsa AAAA
            vnet_resourcegroup_name: net-rg
            vnet_name: vnet
            subnet_name: default
            identity_type: UserAssigned
            identity_id: [\(AzureMLTestSupport.identityA)]
            remote_login_port_public_access: Disabled
            location: eastus

            """,
            file: "v1/gpu_cluster.yaml"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        let compute = try #require(result.objects.first?.object as? AmlCompute)
        #expect(compute.metadata.name == "gpu-cluster")
        #expect(compute.spec.size == "Standard_NC6s_v3" && compute.spec.tier == .lowPriority)
        #expect((compute.spec.minInstances, compute.spec.maxInstances) == (0, 4))
        #expect(compute.spec.idleTimeBeforeScaleDown == 1800)
        #expect(
            compute.spec.networkSettings
                == AmlCompute.NetworkSettings(vnetName: "vnet", subnet: "default", resourceGroup: "net-rg")
        )
        #expect(compute.spec.identity?.type == .userAssigned && compute.spec.sshPublicAccessEnabled == false)
        #expect(compute.spec.location == "eastus")
        #expect(try AzureMLTestSupport.roundTrip(compute).isEqual(to: compute))

        let defaults = try #require(
            AzureMLTestSupport.decode("max_nodes: 2\n", file: "c.yml").objects.first?.object as? AmlCompute
        )
        #expect(defaults.spec.size == "Standard_NC6" && defaults.spec.tier == .dedicated)
        #expect(defaults.spec.idleTimeBeforeScaleDown == 1800 && defaults.metadata.name == "c")
    }

    @Test func sdkV1Validation() {
        let result = AzureMLTestSupport.decode(
            "vm_size: Standard_D2_v3\nvm_priority: spot\nadmin_user_password: Passw0rd!\nvnet_name: v\n"
                + "identity_id: [x]\n",
            file: "c.yml"
        )
        #expect(
            AzureMLTestSupport.messages(result) == [
                "c.yml:2:14: vm_priority: Unsupported value: \"spot\": supported values: \"dedicated\", "
                    + "\"lowpriority\"",
                "c.yml:1:1: max_nodes: Required value: SDK v1 requires max_nodes (its documented default of 4 is not "
                    + "applied)",
                "c.yml:1:1: admin_username: Required value: an administrator account needs a user name",
                "c.yml:1:1: vnet_resourcegroup_name: Required value: a virtual network needs vnet_resourcegroup_name, "
                    + "vnet_name and subnet_name",
                "c.yml:1:1: subnet_name: Required value: a virtual network needs vnet_resourcegroup_name, vnet_name "
                    + "and "
                    + "subnet_name",
                "c.yml:5:14: identity_type: Required value: identity_id needs identity_type",
            ]
        )
    }

    @Test func restBodyWithARMIdentity() throws {
        let result = AzureMLTestSupport.decode(
            """
            {
              "name": "cpu-cluster",
              "location": "eastus",
              "identity": {"type": "UserAssigned", "userAssignedIdentities": {
                "\(AzureMLTestSupport.identityA)": {"clientId": "c1"}}},
              "properties": {"computeType": "AmlCompute", "properties": {
                "vmSize": "Standard_D2_v3", "vmPriority": "LowPriority",
                "scaleSettings": {"maxNodeCount": 3, "minNodeCount": 1, "nodeIdleTimeBeforeScaleDown": "PT1H30M"},
                "userAccountCredentials": {"adminUserName": "azureuser", "adminUserSshPublicKey": "ssh-rsa AAAA"},
                "remoteLoginPortPublicAccess": "NotSpecified"}}
            }
            """,
            file: "cluster.json"
        )
        #expect(AzureMLTestSupport.messages(result) == [])
        let compute = try #require(result.objects.first?.object as? AmlCompute)
        #expect(compute.metadata.name == "cpu-cluster" && compute.spec.location == "eastus")
        #expect(compute.spec.tier == .lowPriority && compute.spec.idleTimeBeforeScaleDown == 5400)
        #expect((compute.spec.minInstances, compute.spec.maxInstances) == (1, 3))
        #expect(compute.spec.identity?.defaultIdentity?.clientId == "c1")
        #expect(compute.spec.sshPublicAccessEnabled == nil)
        let unsupported = AzureMLTestSupport.decode(
            #"{"properties": {"computeType": "ComputeInstance", "properties": {}}}"#,
            file: "ci.json"
        )
        #expect(
            AzureMLTestSupport.messages(unsupported) == [
                "ci.json:1:32: properties.computeType: Unsupported value: \"ComputeInstance\": "
                    + "supported values: \"AmlCompute\", \"Kubernetes\""
            ]
        )
        let badIdle = AzureMLTestSupport.decode(
            #"{"properties": {"computeType": "AmlCompute", "properties": {"scaleSettings": {"#
                + #""maxNodeCount": 1, "nodeIdleTimeBeforeScaleDown": "5 minutes"}}}}"#,
            file: "c.json"
        )
        #expect(
            AzureMLTestSupport.messages(badIdle) == [
                "c.json:1:129: properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown: Invalid value: "
                    + "\"5 minutes\": expected an ISO 8601 duration such as PT120S"
            ]
        )
    }
}
