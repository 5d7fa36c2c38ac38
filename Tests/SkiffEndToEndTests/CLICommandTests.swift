import Testing

/// The issue-4 skiffctl commands against a real daemon, on what holds whatever the control plane does with the
/// pods: kubectl's columns, `describe pod`'s environment and devices, and the API server's wording of what is not
/// there.
struct CLICommandTests {
    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: ml-team
        spec:
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "echo hello"]
            env:
            - name: GREETING
              value: hello world
        """

    @Test func podsReadAsKubectlPrintsThem() async throws {
        try await DaemonHarness.with(files: [
            "namespace.yaml": Manifests.namespace("ml-team"),
            "pod.yaml": Self.pod,
        ]) { daemon in
            try await daemon.eventually("pod web listed") {
                try await daemon.skiffctl("get", "pods", "-n", "ml-team").tableNames() == ["web"]
            }
            let wide = try await daemon.skiffctl("get", "pods", "-n", "ml-team", "-o", "wide")
            #expect(
                wide.tableCells.first
                    == [
                        "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES",
                        "GPUS",
                    ],
                "\(wide)"
            )
            let all = try await daemon.skiffctl("get", "pods", "-A")
            #expect(all.tableCells.first == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"], "\(all)")

            let describe = try await daemon.skiffctl("describe", "pod", "web", "-n", "ml-team")
            #expect(describe.succeeded, "\(describe)")
            let fields = describe.describeFields
            #expect(fields["GREETING"] == "hello world", "\(describe)")
            #expect(fields["Environment"] == "", "\(describe)")
            #expect(fields["Devices"] != nil, "\(describe)")
            #expect(fields["QoS Class"] == "BestEffort", "\(describe)")
        }
    }

    @Test func missingTargetsAreNotFoundAsTheAPIServerSays() async throws {
        try await DaemonHarness.with(files: ["namespace.yaml": Manifests.namespace("ml-team")]) { daemon in
            let logs = try await daemon.skiffctl("logs", "nope", "-n", "ml-team")
            #expect(
                logs.status == 1 && logs.stderr == "Error from server (NotFound): pods \"nope\" not found\n",
                "\(logs)"
            )
            let cancel = try await daemon.skiffctl("cancel", "nope", "-n", "ml-team")
            #expect(
                cancel.status == 1
                    && cancel.stderr == "Error from server (NotFound): jobs.skiff.dev \"nope\" not found\n",
                "\(cancel)"
            )
            let explain = try await daemon.skiffctl("explain", "job", "nope", "-n", "ml-team")
            #expect(
                explain.status == 1
                    && explain.stderr == "Error from server (NotFound): jobs.skiff.dev \"nope\" not found\n",
                "\(explain)"
            )
            let top = try await daemon.skiffctl("top", "pods")
            #expect(top.status != 0 && top.stderr.contains("only `top nodes`"), "\(top)")
        }
    }
}
