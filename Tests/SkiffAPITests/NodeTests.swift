import SkiffAPI
import Testing

struct NodeTests {
    static let virtualNode = """
        apiVersion: v1
        kind: Node
        metadata:
          name: gpu-1
          labels:
            skiff.dev/vm-size: Standard_NC24ads_A100_v4
            kubernetes.io/arch: amd64
        spec:
          providerID: skiff://virtual/gpu-1
          podCIDR: 10.244.1.0/24
          taints:
          - {key: nvidia.com/gpu, value: present, effect: NoSchedule}
          - {key: spot, effect: NoExecute, timeAdded: "2026-11-23T10:00:00Z"}
        status:
          capacity:
            cpu: 24
            memory: 220Gi
            nvidia.com/gpu: 1
            pods: 110

        """

    @Test func decodesADeclaredVirtualNode() throws {
        let node = try KindsFixture.object(Self.virtualNode, as: Node.self)
        #expect(node.metadata.name == "gpu-1")
        #expect(node.metadata.namespace == "")
        #expect(node.metadata.labels["skiff.dev/vm-size"] == "Standard_NC24ads_A100_v4")
        #expect(node.spec.providerID == "skiff://virtual/gpu-1")
        #expect(node.spec.podCIDR == "10.244.1.0/24")
        #expect(!node.spec.unschedulable)
        #expect(
            node.spec.taints == [
                Taint(key: "nvidia.com/gpu", value: "present", effect: .noSchedule),
                Taint(key: "spot", effect: .noExecute, timeAdded: Timestamp(rfc3339: "2026-11-23T10:00:00Z")),
            ]
        )
        let capacity: ResourceList = [.cpu: 24, .memory: "220Gi", .nvidiaGPU: 1, .pods: 110]
        #expect(node.spec.declaredCapacity == capacity)
        // Allocatable defaults to capacity, as Kubernetes defaults node status.
        #expect(node.spec.declaredAllocatable == capacity)
        // The status itself is observed, never declared.
        #expect(node.status == NodeStatus())
        #expect(node.key == ObjectKey(GroupKind(group: "", kind: "Node"), name: "gpu-1"))
    }

    @Test func keepsDeclaredAllocatableApart() throws {
        let node = try KindsFixture.object(
            """
            apiVersion: v1
            kind: Node
            metadata: {name: n}
            status:
              capacity: {cpu: 8, memory: 32Gi}
              allocatable: {cpu: 7500m, memory: 30Gi}
            """,
            as: Node.self
        )
        #expect(node.spec.declaredCapacity == [.cpu: 8, .memory: "32Gi"])
        #expect(node.spec.declaredAllocatable == [.cpu: "7500m", .memory: "30Gi"])
        #expect(NodeSpec(declaredCapacity: [.cpu: 8]).declaredAllocatable == [.cpu: 8])
    }

    @Test func manifestsDeclareOnlyCapacityAndAllocatable() {
        let errors = KindsFixture.errors(
            """
            apiVersion: v1
            kind: Node
            metadata: {name: n, namespace: ignored}
            spec:
              unschedulable: yes
              declaredCapacity: {cpu: 1}
            status:
              capacity: {cpu: -2, nvidia.com/gpu: 0.5, pods: 1.5, memory: lots}
              conditions: [{type: Ready, status: "True"}]
              nodeInfo: {}
            """
        )
        #expect(
            errors == [
                "t.yaml:5:18: spec.unschedulable: expected true or false, found a string",
                "t.yaml:6:3: unknown field \"spec.declaredCapacity\"",
                "t.yaml:8:63: status.capacity.memory: Invalid value: \"lots\": quantities must match the regular "
                    + "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                "t.yaml:8:19: status.capacity.cpu: Invalid value: \"-2\": must be greater than or equal to 0",
                "t.yaml:8:39: status.capacity.nvidia.com/gpu: Invalid value: \"500m\": must be an integer",
                "t.yaml:8:50: status.capacity.pods: Invalid value: \"1500m\": must be an integer",
                "t.yaml:9:3: status.conditions: Forbidden: a node manifest may declare only status.capacity and "
                    + "status.allocatable; the rest of status is observed",
                "t.yaml:10:3: status.nodeInfo: Forbidden: a node manifest may declare only status.capacity and "
                    + "status.allocatable; the rest of status is observed",
            ]
        )
    }

    @Test func taintsFollowKubernetes() {
        let errors = KindsFixture.errors(
            """
            apiVersion: v1
            kind: Node
            metadata: {name: n}
            spec:
              podCIDR: 10.244.1.0/33
              taints:
              - {key: a, effect: NoSchedule}
              - {key: a, value: other, effect: NoSchedule}
              - {key: a, effect: NoExecute}
              - {key: "bad key!", value: "bad value!", effect: Sometimes}
              - {key: b}
            """
        )
        #expect(
            errors == [
                "t.yaml:5:12: spec.podCIDR: Invalid value: \"10.244.1.0/33\": "
                    + "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
                "t.yaml:8:5: spec.taints[1]: Duplicate value: \"a=other:NoSchedule\": "
                    + "taints must be unique by key and effect pair",
                "t.yaml:10:11: spec.taints[3].key: Invalid value: \"bad key!\": name part must consist of "
                    + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                    + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "t.yaml:10:30: spec.taints[3].value: Invalid value: \"bad value!\": a valid label must be an empty "
                    + "string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                    + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                    + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "t.yaml:10:52: spec.taints[3].effect: Unsupported value: \"Sometimes\": "
                    + "supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                "t.yaml:11:5: spec.taints[4].effect: Required value",
            ]
        )
    }

    @Test func acceptsCIDRsAsGo() {
        for valid in [
            "10.244.1.0/24", "0.0.0.0/0", "2001:db8::/64", "::/0", "fd00:1:2:3:4:5:6:7/128", "::ffff:10.0.0.1/96",
        ] {
            let text = "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {podCIDR: \"\(valid)\"}\n"
            #expect(KindsFixture.errors(text) == [], "\(valid)")
        }
        for invalid in ["10.244.1.0", "10.244.1/24", "010.1.1.1/8", "1:2:3:4:5:6:7:8:9/64", "1::2::3/64", "g::/8"] {
            let text = "apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec: {podCIDR: \"\(invalid)\"}\n"
            #expect(KindsFixture.errors(text).count == 1, "\(invalid)")
        }
    }

    @Test func statusRoundTrips() throws {
        var node = try KindsFixture.object(Self.virtualNode, as: Node.self)
        node.spec.unschedulable = true
        let t0 = Timestamp(seconds: 1_790_000_000)
        node.status = NodeStatus(
            capacity: [.cpu: 32, .memory: "256Gi", .nvidiaGPU: 2],
            allocatable: [.cpu: "31500m", .memory: "250Gi", .nvidiaGPU: 2],
            conditions: [
                NodeCondition(
                    type: .ready,
                    status: .true,
                    reason: "KubeletReady",
                    message: "ok",
                    lastHeartbeatTime: t0,
                    lastTransitionTime: t0
                ),
                NodeCondition(type: .memoryPressure, status: .false),
            ],
            addresses: [
                NodeAddress(type: .hostname, address: "gpu-1"), NodeAddress(type: .internalIP, address: "10.0.0.4"),
            ],
            nodeInfo: NodeSystemInfo(
                machineID: "m",
                kernelVersion: "6.8.0",
                osImage: "Ubuntu 24.04",
                kubeletVersion: "v1.32.0-skiff",
                operatingSystem: "linux",
                architecture: "amd64"
            )
        )
        let decoded = try KindsFixture.roundTrip(node)
        #expect(decoded.spec == node.spec)
        #expect(decoded.status == node.status)
        #expect(decoded.isEqual(to: node))
    }

    @Test func declaredCapacityTravelsWithTheSpecThroughTheAPI() throws {
        // A node built in code (by a compute cluster) before the node controller copied its capacity.
        let node = Node(
            metadata: ObjectMeta(name: "aml-0"),
            spec: NodeSpec(declaredCapacity: [.cpu: 6, .nvidiaGPU: 1], declaredAllocatable: [.cpu: 5, .nvidiaGPU: 1])
        )
        #expect(
            node.encoded().serialized()
                == #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"aml-0"},"spec":{"#
                + #""declaredCapacity":{"cpu":"6","nvidia.com/gpu":"1"},"#
                + #""declaredAllocatable":{"cpu":"5","nvidia.com/gpu":"1"}}}"#
        )
        let decoded = try KindsFixture.roundTrip(node)
        #expect(decoded.isEqual(to: node))
        // An explicitly empty allocatable stays empty rather than defaulting to the capacity.
        let drained = Node(
            metadata: ObjectMeta(name: "d"),
            spec: NodeSpec(declaredCapacity: [.cpu: 1], declaredAllocatable: [:])
        )
        #expect(try KindsFixture.roundTrip(drained).spec.declaredAllocatable.isEmpty)
    }

    @Test func encodesInKubernetesOrder() {
        var node = Node(
            metadata: ObjectMeta(name: "n", labels: ["a": "b"]),
            spec: NodeSpec(
                podCIDR: "10.0.0.0/24",
                providerID: "p",
                unschedulable: true,
                taints: [Taint(key: "k", effect: .noSchedule)]
            )
        )
        node.status = NodeStatus(
            capacity: [.memory: "1Gi", .cpu: 2],
            conditions: [NodeCondition(type: .ready, status: .unknown, reason: "NodeStatusUnknown")],
            addresses: [NodeAddress(type: .internalIP, address: "10.0.0.1")],
            nodeInfo: NodeSystemInfo(architecture: "arm64")
        )
        #expect(KindsFixture.keys(node.encoded()) == ["apiVersion", "kind", "metadata", "spec", "status"])
        #expect(
            node.encoded()["spec"]?.serialized()
                == #"{"podCIDR":"10.0.0.0/24","providerID":"p","unschedulable":true,"#
                + #""taints":[{"key":"k","effect":"NoSchedule"}]}"#
        )
        #expect(
            node.encoded()["status"]?.serialized()
                == #"{"capacity":{"cpu":"2","memory":"1Gi"},"allocatable":{"cpu":"2","memory":"1Gi"},"#
                + #""conditions":[{"type":"Ready","status":"Unknown","lastHeartbeatTime":null,"#
                + #""lastTransitionTime":null,"reason":"NodeStatusUnknown"}],"#
                + #""addresses":[{"type":"InternalIP","address":"10.0.0.1"}],"nodeInfo":{"machineID":"","#
                + #""systemUUID":"","bootID":"","kernelVersion":"","osImage":"","containerRuntimeVersion":"","#
                + #""kubeletVersion":"","kubeProxyVersion":"","operatingSystem":"","architecture":"arm64"}}"#
        )
    }

    @Test func statusUnknownFieldsAreErrors() throws {
        let (object, errors) = try KindsFixture.decodeWithStatus(
            #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"n"},"status":{"phase":"Running","#
                + #""conditions":[{"type":"Ready","status":"Maybe"}]}}"#
        )
        #expect(object == nil)
        #expect(
            errors == [
                "t.json:1:125: status.conditions[0].status: Unsupported value: \"Maybe\": supported values: "
                    + "\"True\", \"False\", \"Unknown\"",
                "t.json:1:68: unknown field \"status.phase\"",
            ]
        )
    }

    @Test func setsConditionsAsTheKubeletDoes() {
        var conditions: [NodeCondition] = []
        let t0 = Timestamp(seconds: 100)
        let t1 = Timestamp(seconds: 160)
        var changes: [Bool] = []
        changes.append(conditions.set(NodeCondition(type: .ready, status: .true, reason: "KubeletReady"), now: t0))
        changes.append(conditions.set(NodeCondition(type: .ready, status: .true, reason: "KubeletReady"), now: t0))
        changes.append(conditions.set(NodeCondition(type: .ready, status: .true, reason: "KubeletReady"), now: t1))
        #expect(changes == [true, false, true])
        #expect(conditions[type: .ready]?.lastHeartbeatTime == t1)
        #expect(conditions[type: .ready]?.lastTransitionTime == t0)
        #expect(NodeStatus(capacity: [:], conditions: conditions).isReady)
    }

    @Test func selectsByUnschedulable() {
        var node = Node(metadata: ObjectMeta(name: "n"))
        #expect(node.fieldValue("spec.unschedulable") == "false")
        node.spec.unschedulable = true
        #expect(node.fieldValue("spec.unschedulable") == "true")
        #expect(node.fieldValue("metadata.name") == "n")
        #expect(node.fieldValue("spec.providerID") == nil)
        #expect(KindsFixture.registry.resolve("no").map { $0.resource.kind } == ["Node"])
        #expect(!Node.resource.namespaced)
    }
}
