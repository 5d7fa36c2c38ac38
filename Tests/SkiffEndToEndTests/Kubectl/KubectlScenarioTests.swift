import Foundation
import Testing

/// Issue 5's scenario: the stock kubectl against a real skiffd over HTTPS with the kubeconfig `skiffctl kubeconfig`
/// prints, with kubectl's default validation (it fetches the OpenAPI documents and sends `fieldValidation=Strict`).
/// Reads of every kind, writes that become files, pods that run, and the folder staying the source of truth.
@Suite(.enabled(if: Kubectl.isInstalled, "kubectl is not installed at \(Kubectl.executable)"))
struct KubectlScenarioTests {
    static let files: [String: String] = KubectlBasicsTests.files.merging([
        "gpu-node.yaml": """
            apiVersion: v1
            kind: Node
            metadata:
              name: gpu-a
              labels: {pool: gpu, accelerator: a100}
            spec:
              # Simulated: only pods that ask for GPUs (and so tolerate this) go there.
              taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]
            status:
              capacity: {cpu: "32", memory: 128Gi, pods: "110", nvidia.com/gpu: "4"}

            """
    ]) { $1 }

    static let instanceType = """
        apiVersion: amlarc.azureml.com/v1alpha1
        kind: InstanceType
        metadata:
          name: from-kubectl
          labels: {size: large}
        spec:
          nodeSelector: {pool: gpu}
          resources:
            requests: {cpu: "1", memory: 2Gi}
            limits: {cpu: "2", memory: 4Gi, nvidia.com/gpu: "1"}

        """

    static func pod(_ name: String, command: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(name)
          namespace: ml-team
          labels: {app: scenario}
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox
            command: [sh, -c, "\(command)"]
            resources:
              requests: {cpu: 50m, memory: 64Mi}

        """
    }

    /// `api-resources`, `get` of every kind in every shape, `describe`, `explain`.
    @Test func readsOfEveryKind() async throws {
        try await DaemonHarness.withKubectl(files: Self.files) { daemon, kubectl in
            let resources = try await kubectl.run("api-resources")
            #expect(resources.succeeded, "\(resources)")
            for row in [
                #"^instancetypes\s+it\s+amlarc\.azureml\.com/v1alpha1\s+false\s+InstanceType$"#,
                #"^pods\s+po\s+v1\s+true\s+Pod$"#,
                #"^nodes\s+no\s+v1\s+false\s+Node$"#,
                #"^kubernetescomputes\s+kc\s+skiff\.dev/v1alpha1\s+false\s+KubernetesCompute$"#,
                #"^jobs\s+amljob\s+skiff\.dev/v1alpha1\s+true\s+Job$"#,
            ] {
                #expect(resources.lines.contains { $0.range(of: row, options: .regularExpression) != nil },
                        "no row like \(row): \(resources)")
            }
            try await daemon.eventually("pod hello-0 Succeeded") {
                try await kubectl.run("get", "pod", "hello-0", "-n", "ml-team", "-o", "jsonpath={.status.phase}")
                    .stdout == "Succeeded"
            }
            // Every kind, by its name and by its short name, as a table.
            for (kind, short) in [
                ("nodes", "no"), ("namespaces", "ns"), ("instancetypes", "it"), ("kubernetescomputes", "kc"),
                ("extensions", "ext"),
            ] {
                let long = try await kubectl.run("get", kind)
                let brief = try await kubectl.run("get", short)
                #expect(long.succeeded && long.lines.first?.hasPrefix("NAME") == true, "\(long)")
                #expect(brief.stdout == long.stdout || brief.lines.count == long.lines.count, "\(brief) vs \(long)")
            }
            let amlc = try await kubectl.run("get", "amlc")
            #expect(amlc.stderr.contains("No resources found"), "\(amlc)")
            // Jobs live in `default`, their pods in the compute's namespace.
            for (kind, short, namespace) in [
                ("pods", "po", "ml-team"), ("jobs.skiff.dev", "amljob", "default"), ("events", "ev", "ml-team"),
            ] {
                let long = try await kubectl.run("get", kind, "-n", namespace)
                let brief = try await kubectl.run("get", short, "-n", namespace)
                #expect(long.succeeded && brief.succeeded && long.lines.count > 1, "\(long)\n\(brief)")
            }
            let pods = try await kubectl.run("get", "pods", "-n", "ml-team")
            #expect(pods.lines.first?.split(separator: " ", omittingEmptySubsequences: true)
                == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"], "\(pods)")
            #expect(pods.lines.contains { $0.hasPrefix("hello-0") && $0.contains("Completed") }, "\(pods)")
            let wide = try await kubectl.run("get", "pods", "-n", "ml-team", "-o", "wide")
            #expect(wide.lines.first?.contains("NODE") == true && wide.lines.first?.contains("GPUS") == true, "\(wide)")
            let node = try await kubectl.json("get", "nodes", "-l", "skiff.dev/node-provider=local")
            let local = try #require(node["items"][0]["metadata"]["name"].string, "\(node)")
            #expect(wide.lines.contains { $0.hasPrefix("hello-0") && $0.contains(local) }, "\(wide)")
            let all = try await kubectl.run("get", "pods", "-A")
            #expect(all.lines.first?.hasPrefix("NAMESPACE") == true, "\(all)")
            let yaml = try await kubectl.output("get", "instancetype", "small", "-o", "yaml")
            #expect(yaml.contains("kind: InstanceType") && yaml.contains("cpu: 100m"), "\(yaml)")
            // Label and field selectors, and sorting.
            let gpuNodes = try await kubectl.run("get", "nodes", "-l", "pool in (gpu),accelerator=a100", "-o", "name")
            #expect(gpuNodes.stdout == "node/gpu-a\n", "\(gpuNodes)")
            let onLocal = try await kubectl.run("get", "pods", "-A", "--field-selector", "spec.nodeName=\(local)",
                                                "-o", "name")
            #expect(onLocal.lines.contains("pod/hello-0"), "\(onLocal)")
            let succeeded = try await kubectl.run("get", "pods", "-A", "--field-selector", "status.phase!=Succeeded",
                                                  "-o", "name")
            #expect(!succeeded.lines.contains("pod/hello-0"), "\(succeeded)")
            let bad = try await kubectl.run("get", "pods", "--field-selector", "foo=bar")
            #expect(bad.status == 1 && bad.stderr.contains("field label not supported: foo"), "\(bad)")
            let sorted = try await kubectl.run("get", "nodes", "--sort-by=.metadata.name", "-o", "name")
            #expect(sorted.lines == sorted.lines.sorted() && sorted.lines.count == 2, "\(sorted)")

            let describedNode = try await kubectl.run("describe", "node", "gpu-a")
            #expect(describedNode.succeeded && describedNode.stdout.contains("nvidia.com/gpu:"), "\(describedNode)")
            let describedPod = try await kubectl.run("describe", "pod", "hello-0", "-n", "ml-team")
            #expect(describedPod.succeeded && describedPod.stdout.contains("Events:"), "\(describedPod)")
            #expect(describedPod.stdout.contains("Scheduled"), "\(describedPod)")
            let describedType = try await kubectl.run("describe", "instancetype", "small")
            #expect(describedType.succeeded && describedType.stdout.contains("Spec:"), "\(describedType)")
            let explained = try await kubectl.run("explain", "instancetype.spec.resources")
            #expect(explained.succeeded && explained.stdout.contains("FIELD: resources"), "\(explained)")
            #expect(explained.stdout.contains("limits"), "\(explained)")
            let events = try await kubectl.run("events", "-n", "ml-team")
            #expect(events.succeeded && events.stdout.contains("Pod/hello-0"), "\(events)")
        }
    }

    /// `apply` (created, unchanged, configured) with default validation, `apply --server-side`, `create`, `label`,
    /// `delete`: each a file in the manifests folder; an edit of that file seen by `get -w`.
    @Test func writesBecomeFilesAndFileEditsReachWatches() async throws {
        try await DaemonHarness.withKubectl(files: Self.files) { daemon, kubectl in
            let created = try await kubectl.run("apply", "-f", "-", input: Self.instanceType)
            #expect(created.stdout == "instancetype.amlarc.azureml.com/from-kubectl created\n", "\(created)")
            let file = daemon.manifests + "/api/instancetype-from-kubectl.yaml"
            #expect(FileManager.default.fileExists(atPath: file))
            let unchanged = try await kubectl.run("apply", "-f", "-", input: Self.instanceType)
            #expect(unchanged.stdout == "instancetype.amlarc.azureml.com/from-kubectl unchanged\n", "\(unchanged)")
            let bigger = Self.instanceType.replacingOccurrences(of: "cpu: \"2\"", with: "cpu: \"3\"")
            let configured = try await kubectl.run("apply", "-f", "-", input: bigger)
            #expect(configured.stdout == "instancetype.amlarc.azureml.com/from-kubectl configured\n", "\(configured)")
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"3\"") == true
                || (try String(contentsOfFile: file, encoding: .utf8)).contains("cpu: 3"))
            // Strict validation: an unknown field is refused with kubectl's message.
            let unknown = try await kubectl.run(
                "apply", "-f", "-", input: Self.instanceType.replacingOccurrences(of: "  nodeSelector:", with: "  colour: red\n  nodeSelector:"))
            #expect(unknown.status == 1 && unknown.stderr.contains("unknown field \"spec.colour\""), "\(unknown)")

            let serverSide = try await kubectl.run(
                "apply", "--server-side", "-f", "-",
                input: Self.instanceType.replacingOccurrences(of: "from-kubectl", with: "server-side"))
            #expect(serverSide.stdout == "instancetype.amlarc.azureml.com/server-side serverside-applied\n",
                    "\(serverSide)")
            #expect(FileManager.default.fileExists(atPath: daemon.manifests + "/api/instancetype-server-side.yaml"))

            let namespace = try await kubectl.run(
                "create", "-f", "-", input: "apiVersion: v1\nkind: Namespace\nmetadata: {name: from-kubectl}\n")
            #expect(namespace.stdout == "namespace/from-kubectl created\n", "\(namespace)")
            #expect(FileManager.default.fileExists(atPath: daemon.manifests + "/api/namespace-from-kubectl.yaml"))
            let labelled = try await kubectl.run("label", "instancetype", "from-kubectl", "tier=gold")
            #expect(labelled.stdout == "instancetype.amlarc.azureml.com/from-kubectl labeled\n", "\(labelled)")
            #expect((try String(contentsOfFile: file, encoding: .utf8)).contains("tier: gold"))

            // The file is the truth: editing it shows up in a watch (edited once the watch has listed the object).
            let watch = try kubectl.start(
                "get", "instancetype", "from-kubectl", "-w", "-o",
                "custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier")
            try await watch.waitForOutput(containing: "gold")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try DaemonHarness.write(text.replacingOccurrences(of: "tier: gold", with: "tier: platinum"), to: file)
            try await watch.waitForOutput(containing: "platinum")
            _ = await watch.stop()

            let deleted = try await kubectl.run("delete", "instancetype", "from-kubectl")
            #expect(deleted.stdout == "instancetype.amlarc.azureml.com \"from-kubectl\" deleted\n", "\(deleted)")
            #expect(!FileManager.default.fileExists(atPath: file))
            let gone = try await kubectl.run("get", "instancetype", "from-kubectl")
            #expect(gone.status == 1 && gone.stderr.contains("NotFound"), "\(gone)")
        }
    }

    /// A pod applied with kubectl runs on the local node: `get -w` sees its phases, `wait` its readiness and
    /// completion, `logs -f` follows it; `cordon`/`uncordon` of the local node.
    @Test func podsRunWatchWaitAndFollow() async throws {
        try await DaemonHarness.withKubectl(files: Self.files) { daemon, kubectl in
            async let watched = kubectl.run("get", "pods", "-n", "ml-team", "-l", "app=scenario", "-w",
                                            deadline: .seconds(25))
            try await Task.sleep(for: .seconds(2))
            // The last line waits for a gate file, so the pod stays Running until the test has seen it Ready and
            // is following its log, however loaded the machine is.
            let gate = daemon.root + "/counter-gate"
            let applied = try await kubectl.run(
                "apply", "-f", "-",
                input: Self.pod(
                    "counter",
                    command: "echo line 1; echo line 2; while [ ! -e \(gate) ]; do sleep 0.05; done; echo line 3"
                ))
            #expect(applied.stdout == "pod/counter created\n", "\(applied)")
            let ready = try await kubectl.run("wait", "--for=condition=Ready", "pod/counter", "-n", "ml-team",
                                              "--timeout=30s")
            #expect(ready.stdout == "pod/counter condition met\n", "\(ready)")
            async let followed = kubectl.run("logs", "-f", "counter", "-n", "ml-team", deadline: .seconds(30))
            try await Task.sleep(for: .seconds(1))
            #expect(FileManager.default.createFile(atPath: gate, contents: Data()))
            let log = try await followed
            #expect(log.succeeded && log.stdout == "line 1\nline 2\nline 3\n", "\(log)")
            let done = try await kubectl.run("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/counter",
                                             "-n", "ml-team", "--timeout=30s")
            #expect(done.stdout == "pod/counter condition met\n", "\(done)")
            let watch = try await watched
            for phase in ["Pending", "Running", "Completed"] {
                #expect(watch.lines.contains { $0.hasPrefix("counter") && $0.contains(phase) }, "\(phase): \(watch)")
            }

            let node = try await kubectl.json("get", "nodes", "-l", "skiff.dev/node-provider=local")
            let local = try #require(node["items"][0]["metadata"]["name"].string, "\(node)")
            let cordoned = try await kubectl.run("cordon", local)
            #expect(cordoned.stdout == "node/\(local) cordoned\n", "\(cordoned)")
            let nodes = try await kubectl.run("get", "node", local)
            #expect(nodes.lines.last?.contains("Ready,SchedulingDisabled") == true, "\(nodes)")
            let uncordoned = try await kubectl.run("uncordon", local)
            #expect(uncordoned.stdout == "node/\(local) uncordoned\n", "\(uncordoned)")
        }
    }
}
