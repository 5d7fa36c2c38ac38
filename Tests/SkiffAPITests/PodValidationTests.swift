import SkiffAPI
import Testing

/// Every pod validation Skiff runs, with Kubernetes' message and the position it points at.
struct PodValidationTests {
    /// A pod manifest whose `spec` is `spec` (indented by the caller, starting at line 5).
    func errors(_ spec: String) -> [String] {
        KindsFixture.errors("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + spec)
    }

    @Test func containersAreRequired() {
        #expect(errors("  restartPolicy: Never\n") == ["t.yaml:5:3: spec.containers: Required value"])
        #expect(errors("  containers: []\n") == ["t.yaml:5:15: spec.containers: Required value"])
        #expect(
            KindsFixture.errors("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")
                == ["t.yaml:1:1: spec.containers: Required value"]
        )
    }

    @Test func aSpecThatIsNotAMappingIsReportedOnce() {
        #expect(
            KindsFixture.errors("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: [a]\n")
                == ["t.yaml:4:7: spec: expected a mapping, found a list"]
        )
    }

    @Test func containerNamesAreUniqueDNSLabels() {
        let spec = """
              initContainers:
              - {name: main}
              - {name: init}
              containers:
              - {name: main}
              - {name: Main_1}
              - {command: [x]}
              - {name: init, image: " busybox"}

            """
        #expect(
            errors(spec) == [
                "t.yaml:10:12: spec.containers[1].name: Invalid value: \"Main_1\": a lowercase RFC 1123 label "
                    + "must consist of lower case alphanumeric characters or '-', and must start and end with an "
                    + "alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "t.yaml:11:5: spec.containers[2].name: Required value",
                "t.yaml:12:25: spec.containers[3].image: Invalid value: \" busybox\": must not have leading or "
                    + "trailing whitespace",
                "t.yaml:6:12: spec.initContainers[0].name: Duplicate value: \"main\"",
                "t.yaml:7:12: spec.initContainers[1].name: Duplicate value: \"init\"",
            ]
        )
    }

    @Test func portsFollowKubernetes() {
        let spec = """
              containers:
              - name: a
                ports:
                - {containerPort: 80, name: http, hostPort: 8080}
                - {containerPort: 70000, name: http}
                - {name: Web--, protocol: HTTP}
                - {containerPort: 81, hostPort: 8080}
                - {containerPort: 3000000000}

            """
        #expect(
            errors(spec) == [
                "t.yaml:9:23: spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 "
                    + "and 65535, inclusive",
                "t.yaml:9:36: spec.containers[0].ports[1].name: Duplicate value: \"http\"",
                "t.yaml:10:14: spec.containers[0].ports[2].name: Invalid value: \"Web--\": must contain only "
                    + "alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "t.yaml:10:14: spec.containers[0].ports[2].name: Invalid value: \"Web--\": must not contain "
                    + "consecutive hyphens",
                "t.yaml:10:14: spec.containers[0].ports[2].name: Invalid value: \"Web--\": must not begin or end "
                    + "with a hyphen",
                "t.yaml:10:7: spec.containers[0].ports[2].containerPort: Required value",
                "t.yaml:10:31: spec.containers[0].ports[2].protocol: Unsupported value: \"HTTP\": supported "
                    + "values: \"SCTP\", \"TCP\", \"UDP\"",
                "t.yaml:12:23: spec.containers[0].ports[4].containerPort: expected a 32-bit integer, found "
                    + "3000000000",
                "t.yaml:11:37: spec.containers[0].ports[3].hostPort: Duplicate value: \"TCP//8080\"",
            ]
        )
    }

    @Test func environmentVariableNames() {
        let spec = """
              containers:
              - name: a
                env:
                - {value: x}
                - {name: "A=B"}
                - {name: my.var-1}

            """
        #expect(
            errors(spec) == [
                "t.yaml:8:7: spec.containers[0].env[0].name: Required value",
                "t.yaml:9:14: spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment "
                    + "variable name must consist only of printable ASCII characters other than '='",
            ]
        )
    }

    @Test func quantitiesAreNonNegativeAndExtendedResourcesWhole() {
        let spec = """
              containers:
              - name: a
                resources:
                  limits: {cpu: "-1", nvidia.com/gpu: 0.5}
                  requests: {memory: -1Gi, example.com/fpga: 1500m}

            """
        #expect(
            errors(spec) == [
                "t.yaml:8:21: spec.containers[0].resources.limits[cpu]: Invalid value: \"-1\": must be greater "
                    + "than or equal to 0",
                "t.yaml:8:43: spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: \"500m\": must "
                    + "be an integer",
                "t.yaml:8:21: spec.containers[0].resources.requests[cpu]: Invalid value: \"-1\": must be greater "
                    + "than or equal to 0",
                "t.yaml:9:50: spec.containers[0].resources.requests[example.com/fpga]: Invalid value: \"1500m\": "
                    + "must be an integer",
                "t.yaml:9:50: spec.containers[0].resources.limits: Required value: Limit must be set for non "
                    + "overcommitable resources",
                "t.yaml:9:26: spec.containers[0].resources.requests[memory]: Invalid value: \"-1Gi\": must be "
                    + "greater than or equal to 0",
                "t.yaml:8:43: spec.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: \"500m\": "
                    + "must be an integer",
            ]
        )
    }

    @Test func extendedResourcesMayNotBeOvercommitted() {
        let spec = """
              containers:
              - name: a
                resources:
                  limits: {nvidia.com/gpu: 2, cpu: 1, memory: 1Gi}
                  requests: {nvidia.com/gpu: 1, cpu: 2, memory: 512Mi}
              - name: b
                resources:
                  requests: {nvidia.com/gpu: 1}

            """
        #expect(
            errors(spec) == [
                "t.yaml:9:42: spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or "
                    + "equal to cpu limit of 1",
                "t.yaml:9:34: spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to "
                    + "nvidia.com/gpu limit of 2",
                "t.yaml:12:34: spec.containers[1].resources.limits: Required value: Limit must be set for non "
                    + "overcommitable resources",
            ]
        )
    }

    @Test func resourceNamesFollowKubernetes() {
        let spec = """
              containers:
              - name: a
                resources:
                  requests: {gpu: 1, requests.x.io/fpga: 1, kubernetes.io/foo: 1, "bad name": 1, hugepages-2Mi: 3Mi}
                  limits: {cpu: 1x}

            """
        #expect(
            errors(spec) == [
                "t.yaml:9:21: spec.containers[0].resources.limits[cpu]: Invalid value: \"1x\": quantities must "
                    + "match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                "t.yaml:8:83: spec.containers[0].resources.requests[bad name]: Invalid value: \"bad name\": name "
                    + "part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                    + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
                    + "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "t.yaml:8:23: spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a "
                    + "standard resource type or fully qualified",
                "t.yaml:8:23: spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a "
                    + "standard resource for containers",
                "t.yaml:8:101: spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi "
                    + "is not positive integer multiple of hugepages-2Mi",
                "t.yaml:8:101: spec.containers[0].resources.limits: Required value: Limit must be set for non "
                    + "overcommitable resources",
                "t.yaml:8:46: spec.containers[0].resources.requests[requests.x.io/fpga]: Invalid value: "
                    + "\"requests.x.io/fpga\": doesn't follow extended resource name standard",
                "t.yaml:8:46: spec.containers[0].resources.limits: Required value: Limit must be set for non "
                    + "overcommitable resources",
                "t.yaml:8:7: spec.containers[0].resources: Forbidden: HugePages require cpu or memory",
            ]
        )
    }

    @Test func podFieldsFollowKubernetes() {
        let spec = """
              containers: [{name: a}]
              restartPolicy: Sometimes
              activeDeadlineSeconds: 0
              nodeSelector: {"bad key!": v, ok: "bad value!"}
              nodeName: Node_1
              priorityClassName: High
              priority: 4294967296

            """
        let result = errors(spec)
        #expect(
            result == [
                "t.yaml:6:18: spec.restartPolicy: Unsupported value: \"Sometimes\": "
                    + "supported values: \"Always\", \"OnFailure\", \"Never\"",
                "t.yaml:7:26: spec.activeDeadlineSeconds: Invalid value: 0: "
                    + "must be between 1 and 2147483647, inclusive",
                "t.yaml:8:18: spec.nodeSelector: Invalid value: \"bad key!\": name part must consist of alphanumeric "
                    + "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                    + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "t.yaml:8:37: spec.nodeSelector: Invalid value: \"bad value!\": a valid label must be an empty string "
                    + "or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                    + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                    + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "t.yaml:9:13: spec.nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist "
                    + "of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
                    + "character (e.g. 'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "t.yaml:10:22: spec.priorityClassName: Invalid value: \"High\": a lowercase RFC 1123 subdomain must "
                    + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
                    + "alphanumeric character (e.g. 'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "t.yaml:11:13: spec.priority: expected a 32-bit integer, found 4294967296",
            ]
        )
    }

    @Test func defaultsLikeTheAPIServer() throws {
        let pod = try KindsFixture.object(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: a}]
              restartPolicy: ""
              schedulerName: ""
              terminationGracePeriodSeconds: -5

            """,
            as: Pod.self
        )
        #expect(pod.metadata.namespace == "default")
        #expect(pod.spec.restartPolicy == .always)
        #expect(pod.spec.schedulerName == "default-scheduler")
        #expect(pod.spec.terminationGracePeriodSeconds == 1)
        #expect(pod.spec.containers[0].resources == ResourceRequirements())
        #expect(pod.spec.containers[0].ports.isEmpty)
    }

    @Test func tolerationsFollowKubernetes() {
        let spec = """
              containers: [{name: a}]
              tolerations:
              - {operator: Equal, value: x}
              - {key: a, effect: NoSchedule, tolerationSeconds: 5}
              - {key: a, operator: Exists, value: x}
              - {key: a, operator: Matches}
              - {key: a, effect: NoEvict}
              - {key: a, value: "not ok!"}
              - {key: "bad key!", operator: Exists}

            """
        #expect(
            errors(spec) == [
                "t.yaml:7:16: spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists "
                    + "when `key` is empty, which means \"match all values and all keys\"",
                "t.yaml:8:22: spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be "
                    + "'NoExecute' when `tolerationSeconds` is set",
                "t.yaml:9:39: spec.tolerations[2].operator: Invalid value: \"x\": value must be empty when "
                    + "`operator` is 'Exists'",
                "t.yaml:10:24: spec.tolerations[3].operator: Unsupported value: \"Matches\": supported values: "
                    + "\"Equal\", \"Exists\"",
                "t.yaml:11:22: spec.tolerations[4].effect: Unsupported value: \"NoEvict\": supported values: "
                    + "\"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                "t.yaml:12:21: spec.tolerations[5].operator: Invalid value: \"not ok!\": a valid label must be "
                    + "an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                    + "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                    + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "t.yaml:13:11: spec.tolerations[6].key: Invalid value: \"bad key!\": name part must consist of "
                    + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                    + "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ]
        )
    }

    @Test func tolerationsMatchTaintsAsKubernetes() {
        let gpu = Taint(key: "nvidia.com/gpu", value: "present", effect: .noSchedule)
        #expect(Toleration(operator: .exists).tolerates(gpu))
        #expect(Toleration(key: "nvidia.com/gpu", operator: .exists).tolerates(gpu))
        #expect(Toleration(key: "nvidia.com/gpu", value: "present").tolerates(gpu))
        #expect(
            Toleration(key: "nvidia.com/gpu", operator: .equal, value: "present", effect: .noSchedule).tolerates(gpu)
        )
        #expect(!Toleration(key: "nvidia.com/gpu", value: "absent").tolerates(gpu))
        #expect(!Toleration(key: "nvidia.com/gpu", operator: .exists, effect: .noExecute).tolerates(gpu))
        #expect(!Toleration(key: "other", operator: .exists).tolerates(gpu))
    }

    @Test func nodeAffinityFollowsKubernetes() {
        let spec = """
              containers: [{name: a}]
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions:
                      - {key: a, operator: In}
                      - {key: b, operator: Exists, values: [x]}
                      - {key: c, operator: Gt, values: ["1", "2"]}
                      - {key: d, operator: Near, values: [x]}
                      - {key: "", operator: In, values: ["bad value!"]}
                      matchFields:
                      - {key: spec.nodeName, operator: In, values: [n]}
                      - {key: metadata.name, operator: Exists}
                      - {key: metadata.name, operator: In, values: [Bad_Node]}
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 0
                    preference:
                      matchExpressions: [{key: a, operator: In, values: ["any value!"]}]

            """
        let term = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
        #expect(
            errors(spec) == [
                "t.yaml:11:13: "
                    + "\(term).matchExpressions[0].values: "
                    + "Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "t.yaml:12:48: "
                    + "\(term).matchExpressions[1].values: "
                    + "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                "t.yaml:13:44: "
                    + "\(term).matchExpressions[2].values: "
                    + "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
                "t.yaml:14:32: "
                    + "\(term).matchExpressions[3].operator: "
                    + "Invalid value: \"Near\": not a valid selector operator",
                "t.yaml:15:19: "
                    + "\(term).matchExpressions[4].key: "
                    + "Invalid value: \"\": name part must be non-empty",
                "t.yaml:15:19: "
                    + "\(term).matchExpressions[4].key: "
                    + "Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and "
                    + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                    + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "t.yaml:15:46: "
                    + "\(term).matchExpressions[4].values[0]: "
                    + "Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric "
                    + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                    + "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                    + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "t.yaml:17:19: "
                    + "\(term).matchFields[0].key: "
                    + "Invalid value: \"spec.nodeName\": not a valid field selector key",
                "t.yaml:18:44: "
                    + "\(term).matchFields[1].operator: "
                    + "Invalid value: \"Exists\": not a valid selector operator",
                "t.yaml:19:57: "
                    + "\(term).matchFields[2].values[0]: "
                    + "Invalid value: \"Bad_Node\": a lowercase RFC 1123 subdomain must consist of lower case "
                    + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                    + "(e.g. 'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "t.yaml:21:17: "
                    + "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid "
                    + "value: 0: must be in the range 1-100",
            ]
        )
    }

    @Test func requiredNodeAffinityNeedsATerm() {
        let spec = """
              containers: [{name: a}]
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}

            """
        #expect(
            errors(spec) == [
                "t.yaml:8:75: "
                    + "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: "
                    + "Required value: must have at least one node selector term"
            ]
        )
    }
}
