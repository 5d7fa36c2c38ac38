import Foundation
import Testing

/// Issue 5, part 1: the stock kubectl reaches skiffd over HTTPS with the kubeconfig `skiffctl kubeconfig` prints —
/// the CA verifies, the token authenticates, the basic reads work. The full scenario list (apply, create, delete,
/// patch, watch, …) builds on ``DaemonHarness/withKubectl(files:configuration:extraArguments:sourceLocation:_:)``.
@Suite(.enabled(if: Kubectl.isInstalled, "kubectl is not installed at \(Kubectl.executable)"))
struct KubectlBasicsTests {
    /// Namespace, extension, instance type, attached compute and a job whose pod prints a line and exits.
    static let files: [String: String] = [
        "namespace.yaml": Manifests.namespace("ml-team"),
        "extension.yaml": Manifests.azureMLExtension(),
        "instancetype.yaml": Manifests.instanceType("small", cpu: "100m", memory: "256Mi"),
        "compute.yaml": Manifests.kubernetesCompute("local-k8s", namespace: "ml-team"),
        "hello.yml": Manifests.commandJob(
            "hello",
            command: "echo hello from kubectl",
            compute: "local-k8s",
            instanceType: "small"
        ),
    ]

    @Test func versionNodesPodsInstanceTypesAndLogs() async throws {
        try await DaemonHarness.withKubectl(files: Self.files) { daemon, kubectl in
            // The endpoint file names the port the kernel picked; the kubeconfig points there.
            let endpoint = try #require(daemon.apiEndpoint)
            #expect(endpoint.hasPrefix("https://127.0.0.1:") && !endpoint.hasSuffix(":0"), "\(endpoint)")
            let config = try String(contentsOfFile: kubectl.kubeconfig, encoding: .utf8)
            #expect(config.contains("server: \"\(endpoint)\""), "\(config)")

            let version = try await kubectl.json("version")
            #expect(version["serverVersion"]["major"].string == "1", "\(version)")
            #expect(version["serverVersion"]["minor"].string == "32", "\(version)")

            let nodes = try await kubectl.json("get", "nodes")
            let nodeNames = nodes["items"].array?.compactMap { $0["metadata"]["name"].string } ?? []
            #expect(nodeNames.count == 1, "\(nodes)")
            let nodeTable = try await kubectl.run("get", "nodes")
            #expect(nodeTable.succeeded && nodeTable.lines.first?.hasPrefix("NAME") == true, "\(nodeTable)")
            #expect(nodeTable.lines.count == 2 && nodeTable.lines[1].hasPrefix(nodeNames.first ?? "?"), "\(nodeTable)")

            let instanceTypes = try await kubectl.run("get", "instancetypes")
            #expect(instanceTypes.succeeded, "\(instanceTypes)")
            #expect(instanceTypes.lines.dropFirst().map { $0.split(separator: " ").first.map(String.init) } == ["small"],
                    "\(instanceTypes)")

            // The job's pod runs to completion; kubectl sees it in every namespace and prints its log.
            try await daemon.eventually("pod hello-0 Succeeded (kubectl)") {
                let pod = try await kubectl.run("get", "pod", "hello-0", "-n", "ml-team", "-o", "jsonpath={.status.phase}")
                return pod.succeeded && pod.stdout == "Succeeded"
            }
            let pods = try await kubectl.run("get", "pods", "-A")
            #expect(pods.succeeded, "\(pods)")
            #expect(pods.lines.first?.hasPrefix("NAMESPACE") == true, "\(pods)")
            #expect(pods.lines.contains { $0.hasPrefix("ml-team") && $0.contains("hello-0") }, "\(pods)")
            let logs = try await kubectl.run("logs", "hello-0", "-n", "ml-team")
            #expect(logs.succeeded && logs.stdout == "hello from kubectl\n", "\(logs)")
        }
    }

    @Test func aWrongTokenOrNoTokenIsUnauthorized() async throws {
        try await DaemonHarness.withKubectl { daemon, kubectl in
            // kubectl's own --token flag overrides the kubeconfig's.
            let wrong = try await kubectl.run("--token", "wrong", "get", "nodes")
            #expect(wrong.status == 1, "\(wrong)")
            #expect(wrong.stderr.contains("error: You must be logged in to the server"), "\(wrong)")
            let wrongVersion = try await kubectl.run("--token", "wrong", "version")
            #expect(wrongVersion.status == 1, "\(wrongVersion)")
            #expect(wrongVersion.stderr.contains("You must be logged in to the server"), "\(wrongVersion)")
            let raw = try await kubectl.run("--token", "wrong", "get", "--raw", "/api/v1/nodes")
            #expect(raw.status == 1 && raw.stderr.contains("You must be logged in to the server (Unauthorized)"), "\(raw)")

            // No token at all (curl: kubectl without credentials asks for a user name on a 401 instead of
            // printing the error): 401 with a Status document.
            do {
                let endpoint = try #require(daemon.apiEndpoint)
                let curl = try await Self.curl(
                    ["-sS", "--cacert", daemon.stateDir + "/tls/ca.crt", "-w", "\n%{http_code}", endpoint + "/api/v1/nodes"],
                    scratch: daemon.root
                )
                #expect(curl.stdout.hasSuffix("\n401"), "\(curl)")
                #expect(curl.stdout.contains("\"reason\":\"Unauthorized\""), "\(curl)")
                #expect(curl.stdout.contains("\"code\":401"), "\(curl)")
            }
        }
    }

    @Test func theReadOnlyTokenReadsButIsForbiddenToWrite() async throws {
        try await DaemonHarness.withKubectl { daemon, _ in
            let reader = try await daemon.kubectl(readOnly: true)
            let config = try String(contentsOfFile: reader.kubeconfig, encoding: .utf8)
            let readOnlyToken = try String(contentsOfFile: daemon.stateDir + "/tokens/read-only", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(config.contains("token: \"\(readOnlyToken)\""))

            let nodes = try await reader.run("get", "nodes", "-o", "name")
            #expect(nodes.succeeded && nodes.stdout.hasPrefix("node/"), "\(nodes)")
            let node = String(nodes.lines.first?.dropFirst("node/".count) ?? "")
            let label = try await reader.run("label", "node", node, "team=vision")
            #expect(label.status == 1, "\(label)")
            #expect(
                label.stderr.contains(
                    "Error from server (Forbidden): nodes \"\(node)\" is forbidden: User \"skiff:read-only\" cannot patch "
                        + "resource \"nodes\" in API group \"\" at the cluster scope"
                ),
                "\(label)"
            )
            let delete = try await reader.run("delete", "namespace", "default")
            #expect(delete.status == 1 && delete.stderr.contains("(Forbidden)"), "\(delete)")
        }
    }

    @Test func theKubeconfigIsServedOnTheSocketOnly() async throws {
        try await DaemonHarness.withKubectl { daemon, kubectl in
            let admin = try String(contentsOfFile: daemon.stateDir + "/tokens/admin", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let raw = try await kubectl.run("get", "--raw", "/skiff/v1/kubeconfig")
            #expect(raw.status == 1 && !raw.stdout.contains(admin), "\(raw)")
            // The JSON form is a kubeconfig too.
            let json = try await daemon.skiffctl("kubeconfig", "-o", "json")
            #expect(json.succeeded, "\(json)")
            let parsed = try JSON(parsing: json.stdout)
            #expect(parsed["users"][0]["user"]["token"].string == admin, "\(json)")
            #expect(parsed["current-context"].string == "skiff")
            // Keys and tokens are the daemon's alone.
            for file in ["/tls/ca.key", "/tls/server.key", "/tokens/admin", "/tokens/read-only"] {
                let mode = (try FileManager.default.attributesOfItem(atPath: daemon.stateDir + file)[.posixPermissions]
                    as? NSNumber)?.intValue
                #expect(mode == 0o600, "\(file)")
            }
        }
    }

    @Test func withTheListenerOffThereIsNoKubeconfig() async throws {
        try await DaemonHarness.with { daemon in
            let result = try await daemon.skiffctl("kubeconfig")
            #expect(result.status == 1 && result.stderr.contains("the HTTPS listener is off"), "\(result)")
            #expect(!FileManager.default.fileExists(atPath: daemon.stateDir + "/tokens"))
        }
    }

    static func curl(_ arguments: [String], scratch: String) async throws -> CommandResult {
        let outputs = scratch + "/curl-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        let child = try ChildProcess(
            executable: "/usr/bin/curl",
            arguments: ["--max-time", "30"] + arguments,
            stdoutPath: outputs + "/stdout",
            stderrPath: outputs + "/stderr"
        )
        let exit = await child.waitForExit()
        return CommandResult(command: ["curl"] + arguments, status: exit.status, stdout: child.stdout, stderr: child.stderr)
    }
}
