import Foundation
import SkiffServer
import Testing

/// The stock kubectl v1.32 against the read paths: discovery, tables of every kind, selectors, watch, explain,
/// describe, events and logs — asserting on what kubectl prints.
@Suite(.serialized)
struct KubectlReadTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let operations = FakeClusterOperations(logText: "hello\nworld\n")
    let handler: APIHandler
    let nodeUID: String

    init() throws {
        handler = APIHandler(store: store, registry: .builtIn, operations: operations)
        let manifests = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: default}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: ml}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: local-0, labels: {node-role.kubernetes.io/worker: ""}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: default, labels: {app: web}, annotations: {skiff.dev/devices: nvidia.com/gpu=0}}
            spec:
              nodeName: local-0
              containers: [{name: main, image: python:3, command: [sleep, "3600"], resources: {limits: {nvidia.com/gpu: 1}}}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: trainer, namespace: ml, labels: {app: trainer}}
            spec:
              containers: [{name: main, image: python:3, command: [python, train.py]}]
            ---
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata: {name: small, labels: {size: small}}
            spec:
              nodeSelector: {mylabel: v}
              resources:
                limits: {cpu: "1", nvidia.com/gpu: 1, memory: 2Gi}
                requests: {cpu: 700m, memory: 1500Mi}
            ---
            apiVersion: skiff.dev/v1alpha1
            kind: Job
            metadata: {name: train-1, namespace: ml}
            spec: {command: python train.py, environment: {image: "python:3"}, compute: gpu-cluster, instanceType: small}
            ---
            apiVersion: skiff.dev/v1alpha1
            kind: AmlCompute
            metadata: {name: gpu-cluster}
            spec: {size: standard_nc6s_v3, minInstances: 0, maxInstances: 2}
            ---
            apiVersion: skiff.dev/v1alpha1
            kind: KubernetesCompute
            metadata: {name: local-k8s}
            spec: {namespace: ml, defaultInstanceType: small}
            ---
            apiVersion: skiff.dev/v1alpha1
            kind: Extension
            metadata: {name: azureml}
            spec: {extensionType: microsoft.azureml.kubernetes, configurationSettings: {enableTraining: "True"}}

            """
        let result = ManifestDecoder.standard.decode(bytes: Array(manifests.utf8), file: "seed.yaml")
        guard result.errors.isEmpty else { throw HarnessError(message: "seed: \(result.errors)") }
        for object in result.objects.map(\.object) { _ = try store.create(object) }
        var node = try #require(store.get(ObjectKey(Node.resource.groupKind, name: "local-0")) as? Node)
        nodeUID = node.metadata.uid
        node.status.conditions = [NodeCondition(type: .ready, status: .true, reason: "KubeletReady")]
        node.status.capacity = ["cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "2", "pods": "110"]
        node.status.allocatable = node.status.capacity
        node.status.addresses = [NodeAddress(type: .internalIP, address: "10.0.0.1")]
        node.status.nodeInfo = NodeSystemInfo(
            machineID: "m", systemUUID: "s", bootID: "b", kernelVersion: "6.8.0", osImage: "Ubuntu 24.04",
            containerRuntimeVersion: "skiff-process://1", kubeletVersion: "v1.32.0-skiff", kubeProxyVersion: "",
            operatingSystem: "linux", architecture: "amd64"
        )
        _ = try store.updateStatus(node)
        var pod = try #require(store.get(ObjectKey(Pod.resource.groupKind, namespace: "default", name: "web")) as? Pod)
        pod.status.phase = .running
        pod.status.podIP = "10.1.0.5"
        pod.status.conditions = [PodCondition(type: .ready, status: .true)]
        pod.status.containerStatuses = [
            ContainerStatus(
                name: "main",
                state: ContainerState(running: .init(startedAt: Timestamp.now())),
                ready: true,
                image: "python:3"
            )
        ]
        pod = try store.updateStatus(pod)
        let now = Timestamp.now()
        for (name, object, reason, message, type) in [
            ("web.started", ObjectReference(to: pod), "Started", "Started container main", "Normal"),
            ("local-0.ready", ObjectReference(to: node), "NodeReady", "Node local-0 status is now: NodeReady", "Normal"),
            ("small.bad", ObjectReference(to: try #require(store.get(ObjectKey(InstanceType.resource.groupKind, name: "small")) as? InstanceType)), "Checked", "instance type fits 1 node", "Normal"),
        ] {
            _ = try store.create(
                Event(
                    metadata: ObjectMeta(name: name, namespace: "default"),
                    spec: EventSpec(
                        involvedObject: object,
                        reason: reason,
                        message: message,
                        source: EventSource(component: "skiffd"),
                        firstTimestamp: Timestamp(seconds: now.seconds - 120),
                        lastTimestamp: Timestamp(seconds: now.seconds - 60),
                        count: 1,
                        type: type
                    )
                )
            )
        }
    }

    @Test func apiResourcesListsShortNamesAndKinds() async throws {
        try await KubectlHarness.with(handler) { kubectl in
            let result = try await kubectl.run("api-resources")
            #expect(result.status == 0, "\(result)")
            let rows = result.rows
            #expect(rows.first == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], "\(result)")
            #expect(rows.contains(["instancetypes", "it", "amlarc.azureml.com/v1alpha1", "false", "InstanceType"]), "\(result)")
            #expect(rows.contains(["pods", "po", "v1", "true", "Pod"]), "\(result)")
            #expect(rows.contains(["nodes", "no", "v1", "false", "Node"]), "\(result)")
            #expect(rows.contains(["amlcomputes", "amlc", "skiff.dev/v1alpha1", "false", "AmlCompute"]), "\(result)")
            #expect(rows.contains(["kubernetescomputes", "kc", "skiff.dev/v1alpha1", "false", "KubernetesCompute"]), "\(result)")
            let wide = try await kubectl.run("api-resources", "-o", "wide")
            #expect(wide.stdout.contains("create,delete,deletecollection,get,list,patch,update,watch"), "\(wide)")
            #expect(wide.stdout.contains("skiff"), "\(wide)")
        }
    }

    @Test func getPrintsEveryKindsColumns() async throws {
        try await KubectlHarness.with(handler) { kubectl in
            let pods = try await kubectl.run("get", "pods")
            #expect(pods.status == 0, "\(pods)")
            #expect(pods.rows.first == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"], "\(pods)")
            #expect(pods.rows.dropFirst().first?.prefix(4) == ["web", "1/1", "Running", "0"], "\(pods)")

            let wide = try await kubectl.run("get", "po", "-o", "wide")
            #expect(
                wide.rows.first
                    == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES", "GPUS"],
                "\(wide)"
            )
            #expect(wide.rows.dropFirst().first?.suffix(5) == ["10.1.0.5", "local-0", "<none>", "<none>", "0"], "\(wide)")

            let all = try await kubectl.run("get", "pods", "-A")
            #expect(all.rows.first == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"], "\(all)")
            #expect(all.rows.dropFirst().map { $0.prefix(2) } == [["default", "web"], ["ml", "trainer"]], "\(all)")

            let nodes = try await kubectl.run("get", "no")
            #expect(nodes.rows.first == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"], "\(nodes)")
            #expect(nodes.rows.last?.prefix(3) == ["local-0", "Ready", "worker"], "\(nodes)")
            #expect(nodes.rows.last?.last == "v1.32.0-skiff", "\(nodes)")
            let nodesWide = try await kubectl.run("get", "nodes", "-o", "wide")
            #expect(nodesWide.rows.first?.last == "GPUS", "\(nodesWide)")
            #expect(nodesWide.rows.last?.suffix(5) == ["<none>", "Ubuntu 24.04", "6.8.0", "skiff-process://1", "2"], "\(nodesWide)")

            let types = try await kubectl.run("get", "it")
            #expect(types.rows.first == ["NAME", "CPU", "MEMORY", "GPU", "NODE SELECTOR", "AGE"], "\(types)")
            #expect(types.rows.last?.prefix(5) == ["small", "700m/1", "1500Mi/2Gi", "1", "mylabel=v"], "\(types)")

            let jobs = try await kubectl.run("get", "jobs", "-n", "ml")
            #expect(jobs.rows.first?.first == "NAME", "\(jobs)")
            #expect(jobs.rows.last?.first == "train-1", "\(jobs)")
            for (kind, name) in [("amlc", "gpu-cluster"), ("kc", "local-k8s"), ("ext", "azureml"), ("ns", "ml")] {
                let result = try await kubectl.run("get", kind)
                #expect(result.status == 0, "\(result)")
                #expect(result.rows.contains { $0.first == name }, "\(kind): \(result)")
            }

            let events = try await kubectl.run("get", "ev")
            #expect(events.rows.first == ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], "\(events)")
            #expect(
                events.rows.contains { Array($0.dropFirst()) == ["Normal", "Started", "pod/web", "Started container main"] },
                "\(events)"
            )

            let none = try await kubectl.run("get", "pods", "-n", "nothing-here")
            #expect(none.stderr.contains("No resources found in nothing-here namespace."), "\(none)")
        }
    }

    @Test func selectorsSortingYamlAndCategories() async throws {
        try await KubectlHarness.with(handler) { kubectl in
            let labelled = try await kubectl.run("get", "pods", "-A", "-l", "app in (trainer,other),!missing")
            #expect(labelled.rows.dropFirst().map { $0[1] } == ["trainer"], "\(labelled)")
            let fields = try await kubectl.run("get", "pods", "-A", "--field-selector", "spec.nodeName=local-0")
            #expect(fields.rows.dropFirst().map { $0[1] } == ["web"], "\(fields)")
            let bad = try await kubectl.run("get", "pods", "--field-selector", "foo=bar")
            #expect(bad.status != 0)
            #expect(
                bad.stderr.contains(
                    "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", "
                        + "field selector \"foo=bar\": field label not supported: foo"
                ),
                "\(bad)"
            )
            let sorted = try await kubectl.run("get", "pods", "-A", "--sort-by=.metadata.name")
            #expect(sorted.status == 0, "\(sorted)")
            #expect(sorted.rows.dropFirst().map { $0[1] } == ["trainer", "web"], "\(sorted)")
            let yaml = try await kubectl.run("get", "instancetypes", "small", "-o", "yaml")
            #expect(yaml.stdout.contains("kind: InstanceType"), "\(yaml)")
            #expect(yaml.stdout.contains("nvidia.com/gpu: \"1\"") || yaml.stdout.contains("nvidia.com/gpu: 1"), "\(yaml)")
            let list = try await kubectl.run("get", "it", "-o", "jsonpath={.items[*].metadata.name}")
            #expect(list.stdout == "small", "\(list)")
            let labels = try await kubectl.run("get", "it", "--show-labels")
            #expect(labels.rows.last?.last == "size=small", "\(labels)")
            let all = try await kubectl.run("get", "all", "-n", "ml")
            #expect(all.status == 0, "\(all)")
            #expect(all.stdout.contains("pod/trainer"), "\(all)")
            #expect(all.stdout.contains("job.skiff.dev/train-1"), "\(all)")
            let skiff = try await kubectl.run("get", "skiff")
            #expect(skiff.stdout.contains("instancetype.amlarc.azureml.com/small"), "\(skiff)")
        }
    }

    @Test func watchCatchesChanges() async throws {
        try await KubectlHarness.with(handler) { kubectl in
            let watch = try kubectl.start(["get", "pods", "-w"])
            #expect(try await watch.waitForOutput { $0.contains("web") }, "\(watch.output)\(watch.errors)")
            var pod = try #require(store.get(ObjectKey(Pod.resource.groupKind, namespace: "default", name: "web")) as? Pod)
            pod.status.phase = .succeeded
            pod.status.containerStatuses = [
                ContainerStatus(
                    name: "main",
                    state: ContainerState(terminated: .init(exitCode: 0, reason: "Completed")),
                    image: "python:3"
                )
            ]
            _ = try store.updateStatus(pod)
            #expect(try await watch.waitForOutput { $0.contains("Completed") }, "\(watch.output)\(watch.errors)")
            let result = try await watch.stop()
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("NAME") == true, "\(result)")
            #expect(lines.count == 3, "a header, the pod, its change: \(result)")

            let one = try kubectl.start(["get", "pod", "web", "-w", "-o", "name"])
            #expect(try await one.waitForOutput { $0.contains("pod/web") }, "\(one.output)\(one.errors)")
            let named = try await one.stop()
            #expect(named.stdout == "pod/web\n", "\(named)")
        }
    }

    @Test func explainDescribeEventsAndLogs() async throws {
        try await KubectlHarness.with(handler) { kubectl in
            let explain = try await kubectl.run("explain", "instancetype.spec.resources")
            #expect(explain.status == 0, "\(explain)")
            #expect(explain.stdout.contains("KIND:       InstanceType"), "\(explain)")
            #expect(explain.stdout.contains("FIELD: resources <Object>"), "\(explain)")
            #expect(explain.stdout.contains("limits"), "\(explain)")
            #expect(explain.stdout.contains("requests"), "\(explain)")
            let explainPod = try await kubectl.run("explain", "pods.spec.containers.command")
            #expect(explainPod.stdout.contains("Entrypoint"), "\(explainPod)")

            let node = try await kubectl.run("describe", "node", "local-0")
            #expect(node.status == 0, "\(node)")
            #expect(node.stdout.contains("Name:               local-0"), "\(node)")
            #expect(node.stdout.contains("NodeReady"), "\(node)")
            #expect(node.stdout.contains("Non-terminated Pods:"), "\(node)")
            #expect(
                node.stdout.split(separator: "\n").contains { $0.contains("default") && $0.contains(" web ") },
                "\(node)"
            )

            let pod = try await kubectl.run("describe", "pod", "web")
            #expect(pod.status == 0, "\(pod)")
            #expect(
                pod.stdout.split(separator: "\n").contains { $0.hasPrefix("Status:") && $0.hasSuffix(" Running") },
                "\(pod)"
            )
            #expect(pod.stdout.contains("Started container main"), "\(pod)")

            let type = try await kubectl.run("describe", "instancetype", "small")
            #expect(type.status == 0, "\(type)")
            #expect(type.stdout.contains("Node Selector:"), "\(type)")
            #expect(type.stdout.contains("instance type fits 1 node"), "\(type)")

            let events = try await kubectl.run("events")
            #expect(events.status == 0, "\(events)")
            #expect(events.rows.first == ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], "\(events)")
            #expect(events.stdout.contains("Pod/web"), "\(events)")
            let forPod = try await kubectl.run("events", "--for", "pod/web")
            #expect(forPod.stdout.contains("Started container main"), "\(forPod)")
            #expect(!forPod.stdout.contains("NodeReady"), "\(forPod)")

            let logs = try await kubectl.run("logs", "web")
            #expect(logs.status == 0, "\(logs)")
            #expect(logs.stdout == "hello\nworld\n", "\(logs)")
            let stamped = try await kubectl.run("logs", "web", "--timestamps", "--limit-bytes=100")
            let lines = stamped.stdout.split(separator: "\n")
            #expect(lines.count == 2 && lines.allSatisfy { $0.hasSuffix(" hello") || $0.hasSuffix(" world") }, "\(stamped)")
            #expect(lines.first.map { Timestamp(rfc3339: String($0.prefix { $0 != " " })) != nil } == true, "\(stamped)")
            let limited = try await kubectl.run("logs", "web", "--limit-bytes=3")
            #expect(limited.stdout == "hel", "\(limited)")
            let missing = try await kubectl.run("logs", "nope")
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("pods \"nope\" not found"), "\(missing)")
        }
    }
}
