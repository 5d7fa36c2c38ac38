import Foundation
import Testing

/// Issue 5, part 7: the official Python client (`kubernetes` from PyPI, in a virtual environment) against skiffd's
/// HTTPS listener with the CA and token of `skiffctl kubeconfig`.
@Suite(.enabled(if: PythonEnvironment.hasPython, "python3 is not installed"), .serialized)
struct PythonClientTests {
    /// Runs the script in `mode` against the daemon; returns its JSON report.
    static func runScript(_ mode: String, daemon: DaemonHarness, kubectl: Kubectl) async throws -> JSON {
        let python = try await PythonEnvironment.prepare()
        let script = daemon.root + "/client_check.py"
        try DaemonHarness.write(PythonClientScript.text, to: script)
        let result = try await PythonEnvironment.run(python, [script, kubectl.kubeconfig, mode], deadline: .seconds(120))
        guard result.succeeded, let report = try? JSON(parsing: result.stdout) else {
            throw DaemonHarness.Failure(description: "the Python client script failed: \(result)")
        }
        return report
    }

    /// Reads: nodes (every `nodeInfo` field the client requires), a pod watch that ends at its timeout, instance
    /// types through `CustomObjectsApi`.
    @Test func theClientListsNodesWatchesPodsAndReadsCustomObjects() async throws {
        try await DaemonHarness.withKubectl(files: KubectlBasicsTests.files) { daemon, kubectl in
            try await daemon.eventually("pod hello-0 Succeeded") {
                let pod = try await kubectl.run("get", "pod", "hello-0", "-n", "ml-team", "-o", "jsonpath={.status.phase}")
                return pod.stdout == "Succeeded"
            }
            let report = try await Self.runScript("reads", daemon: daemon, kubectl: kubectl)
            #expect(report["errors"].object?.isEmpty == true, "\(report)")

            let nodes = report["nodes"].array ?? []
            #expect(nodes.count == 1, "\(report)")
            let info = nodes.first?["nodeInfo"]
            for field in [
                "machine_id", "system_uuid", "boot_id", "kernel_version", "os_image", "container_runtime_version",
                "kubelet_version", "kube_proxy_version", "operating_system", "architecture",
            ] {
                #expect(info?[field].string != nil, "nodeInfo.\(field) missing: \(report)")
            }
            #expect(info?["operating_system"].string == "linux", "\(report)")

            // No resourceVersion: the watch starts with ADDED for every pod, then ends at timeout_seconds.
            let events = report["watch"].array ?? []
            #expect(
                events.contains { $0["type"].string == "ADDED" && $0["name"].string == "hello-0"
                    && $0["namespace"].string == "ml-team" },
                "\(report)"
            )

            #expect(report["instanceTypes"].array?.compactMap(\.string) == ["small"], "\(report)")
            #expect(report["smallSpec"]["resources"]["requests"]["cpu"].string == "100m", "\(report)")
        }
    }

    /// Writes: create, patch and delete a custom object through `CustomObjectsApi`.
    @Test func theClientCreatesAndPatchesCustomObjects() async throws {
        try await DaemonHarness.withKubectl(files: KubectlBasicsTests.files) { daemon, kubectl in
            let report = try await Self.runScript("writes", daemon: daemon, kubectl: kubectl)
            #expect(report["errors"].object?.isEmpty == true, "\(report)")
            #expect(report["created"].string == "from-python", "\(report)")
            #expect(report["patched"]["patched"].string == "yes" && report["patched"]["made-by"].string == "python",
                    "\(report)")
            #expect(report["readBack"]["limits"]["cpu"].string == "400m", "\(report)")
            #expect(report["readBack"]["limits"]["memory"].string == "512Mi", "\(report)")
            #expect(report["listed"].array?.compactMap(\.string) == ["from-python", "small"], "\(report)")
            // Written through the API: the object is a file in the manifests folder while it exists.
            #expect(report["deleted"].string != nil, "\(report)")
        }
    }
}
