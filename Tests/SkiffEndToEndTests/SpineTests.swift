import Foundation
import Testing

/// The spine of issue 3 end to end: a folder of manifests in the forms users have, reconciled by the real skiffd,
/// read back through the real skiffctl in every output format.
struct SpineTests {
    /// A namespace, the extension enabling training, instance types (one with a GPU), an attached compute, a
    /// CLI v2 compute cluster and a CLI v2 command job.
    static let files: [String: String] = [
        "namespace.yaml": Manifests.namespace("ml-team", labels: ["team": "ml"]),
        "extension.yaml": Manifests.azureMLExtension(),
        "instancetypes/cpu.yaml": Manifests.instanceType(
            "cpu-small",
            cpu: "500m",
            memory: "1Gi",
            labels: ["tier": "cpu"]
        ),
        "instancetypes/gpu.yaml": Manifests.instanceType(
            "gpu-a100",
            cpu: "8",
            memory: "64Gi",
            gpu: "1",
            labels: ["tier": "gpu"],
            nodeSelector: ["nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"]
        ),
        "compute.yaml": Manifests.kubernetesCompute(
            "local-k8s",
            namespace: "ml-team",
            defaultInstanceType: "cpu-small"
        ),
        "cpu-cluster.yml": Manifests.amlCompute("cpu-cluster"),
        "hello-job.yml": Manifests.commandJob("hello-world", compute: "local-k8s", instanceType: "cpu-small"),
    ]

    @Test func tablesListEveryDeclaredObject() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")

            let instanceTypes = try await daemon.skiffctl("get", "instancetypes")
            #expect(instanceTypes.succeeded, "\(instanceTypes)")
            #expect(instanceTypes.lines.first?.hasPrefix("NAME") == true, "\(instanceTypes)")
            #expect(instanceTypes.tableNames() == ["cpu-small", "gpu-a100"], "\(instanceTypes)")
            #expect(instanceTypes.stderr.isEmpty, "\(instanceTypes)")

            // kubectl takes plural, singular, short name and the kind, case-insensitively.
            for spelling in ["it", "instancetype", "InstanceType", "INSTANCETYPES"] {
                let result = try await daemon.skiffctl("get", spelling, "--no-headers")
                #expect(result.succeeded && result.tableNames(header: false) == ["cpu-small", "gpu-a100"], "\(result)")
            }

            let wide = try await daemon.skiffctl("get", "it", "-o", "wide")
            #expect(wide.succeeded && wide.tableNames() == ["cpu-small", "gpu-a100"], "\(wide)")

            let namespaces = try await daemon.skiffctl("get", "ns")
            #expect(namespaces.tableNames() == ["default", "ml-team"], "\(namespaces)")
            let extensions = try await daemon.skiffctl("get", "ext")
            #expect(extensions.tableNames() == ["azureml"], "\(extensions)")
            let computes = try await daemon.skiffctl("get", "kc")
            #expect(computes.tableNames() == ["local-k8s"], "\(computes)")
            let clusters = try await daemon.skiffctl("get", "amlc")
            #expect(clusters.tableNames() == ["cpu-cluster"], "\(clusters)")
            let jobs = try await daemon.skiffctl("get", "amljob")
            #expect(jobs.tableNames() == ["hello-world"], "\(jobs)")
        }
    }

    /// The issue asks for per-kind columns: InstanceType the cpu/memory/gpu requests and limits and the node
    /// selector; KubernetesCompute its namespace, default instance type and readiness.
    @Test func tablesHavePerKindColumns() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
            let instanceTypes = try await daemon.skiffctl("get", "it")
            let computes = try await daemon.skiffctl("get", "kc")
            do {
                let header = instanceTypes.lines.first ?? ""
                #expect(
                    header.contains("CPU") && header.contains("MEMORY") && header.contains("GPU"),
                    "\(instanceTypes)"
                )
                #expect(header.contains("NODE"), "\(instanceTypes)")
                let gpuRow = instanceTypes.lines.first { $0.hasPrefix("gpu-a100") } ?? ""
                #expect(gpuRow.contains("64Gi") && gpuRow.contains("NVIDIA-A100-SXM4-80GB"), "\(instanceTypes)")
                let computeHeader = computes.lines.first ?? ""
                #expect(computeHeader.contains("NAMESPACE") && computeHeader.contains("READY"), "\(computes)")
                let computeRow = computes.lines.dropFirst().first ?? ""
                #expect(computeRow.contains("ml-team") && computeRow.contains("cpu-small"), "\(computes)")
                #expect(computeRow.contains("True"), "\(computes)")
            }
        }
    }

    @Test func jsonShowsStatusConditionsAndLists() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            let ready = try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
            #expect(ready["message"].string?.contains("ml-team") == true)
            #expect(ready["lastTransitionTime"].string != nil)

            let compute = try await daemon.json("get", "kc", "local-k8s")
            #expect(compute["apiVersion"].string == "skiff.dev/v1alpha1")
            #expect(compute["kind"].string == "KubernetesCompute")
            #expect(compute["metadata"]["name"].string == "local-k8s")
            #expect(compute["metadata"]["annotations"]["skiff.dev/manifest"].string == "compute.yaml")
            #expect(compute["spec"]["namespace"].string == "ml-team")
            #expect(compute["spec"]["defaultInstanceType"].string == "cpu-small")

            // Nothing of a kind: still a List, empty.
            let noPods = try await daemon.json("get", "pods")
            #expect(noPods["kind"].string == "List" && noPods["items"].array?.isEmpty == true)

            let list = try await daemon.json("get", "it")
            #expect(list["apiVersion"].string == "v1")
            #expect(list["kind"].string == "List")
            #expect(list.itemNames == ["cpu-small", "gpu-a100"])
            let gpu = list["items"][1]
            #expect(gpu["kind"].string == "InstanceType")
            #expect(gpu["apiVersion"].string == "amlarc.azureml.com/v1alpha1")
            #expect(gpu["spec"]["resources"]["limits"]["nvidia.com/gpu"].string == "1")
            #expect(gpu["spec"]["nodeSelector"]["nvidia.com/gpu.product"].string == "NVIDIA-A100-SXM4-80GB")

            // A CLI v2 job lands in `default`, its compute reference without the `azureml:` prefix.
            let job = try await daemon.json("get", "amljob", "hello-world")
            #expect(job["metadata"]["namespace"].string == "default")
            #expect(job["spec"]["compute"].string == "local-k8s")
            #expect(job["spec"]["instanceType"].string == "cpu-small")
            let cluster = try await daemon.json("get", "amlc", "cpu-cluster")
            #expect(cluster["kind"].string == "AmlCompute")

            // Several names: still a List.
            let two = try await daemon.json("get", "it", "gpu-a100", "cpu-small")
            #expect(two["kind"].string == "List")
            #expect(two.itemNames == ["gpu-a100", "cpu-small"])
        }
    }

    @Test func yamlAndNameOutput() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
            let yaml = try await daemon.skiffctl("get", "it", "-o", "yaml")
            #expect(yaml.succeeded, "\(yaml)")
            #expect(yaml.lines.contains("apiVersion: v1"), "\(yaml)")
            #expect(yaml.lines.contains("kind: List"), "\(yaml)")
            #expect(yaml.lines.contains("items:"), "\(yaml)")
            #expect(yaml.lines.contains("- apiVersion: amlarc.azureml.com/v1alpha1"), "\(yaml)")
            #expect(yaml.lines.contains("    name: gpu-a100"), "\(yaml)")

            let one = try await daemon.skiffctl("get", "kc", "local-k8s", "-o", "yaml")
            #expect(one.lines.prefix(2) == ["apiVersion: skiff.dev/v1alpha1", "kind: KubernetesCompute"], "\(one)")
            #expect(one.lines.contains("    reason: Attached"), "\(one)")

            let names = try await daemon.skiffctl("get", "it", "-o", "name")
            #expect(names.succeeded, "\(names)")
            #expect(
                names.lines == [
                    "instancetype.amlarc.azureml.com/cpu-small", "instancetype.amlarc.azureml.com/gpu-a100",
                ],
                "\(names)"
            )
            let namespaceNames = try await daemon.skiffctl("get", "ns", "-o", "name")
            #expect(namespaceNames.lines == ["namespace/default", "namespace/ml-team"], "\(namespaceNames)")
            let jobName = try await daemon.skiffctl("get", "amljob", "hello-world", "-o", "name")
            #expect(jobName.lines == ["job.skiff.dev/hello-world"], "\(jobName)")
        }
    }

    @Test func selectorsAndNamespaces() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
            func names(_ arguments: String...) async throws -> [String] {
                let result = try await daemon.skiffctl(arguments + ["-o", "name"])
                #expect(result.succeeded, "\(result)")
                return result.lines
            }
            #expect(try await names("get", "it", "-l", "tier=gpu") == ["instancetype.amlarc.azureml.com/gpu-a100"])
            #expect(try await names("get", "it", "-l", "tier!=gpu") == ["instancetype.amlarc.azureml.com/cpu-small"])
            #expect(try await names("get", "it", "-l", "tier in (cpu,gpu)").count == 2)
            #expect(
                try await names("get", "it", "-l", "tier notin (cpu)") == ["instancetype.amlarc.azureml.com/gpu-a100"]
            )
            #expect(try await names("get", "it", "-l", "tier").count == 2)
            #expect(try await names("get", "it", "-l", "!tier").isEmpty)
            #expect(try await names("get", "ns", "--selector", "team=ml") == ["namespace/ml-team"])
            #expect(
                try await names("get", "it", "--field-selector", "metadata.name=cpu-small")
                    == ["instancetype.amlarc.azureml.com/cpu-small"]
            )

            let bad = try await daemon.skiffctl("get", "it", "-l", "tier in (cpu")
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.stderr.hasPrefix("Error from server (BadRequest): "), "\(bad)")

            // An empty selection is not an error: kubectl says so on stderr and exits 0.
            let none = try await daemon.skiffctl("get", "it", "-l", "tier=tpu")
            #expect(none.status == 0 && none.stdout.isEmpty, "\(none)")
            #expect(none.stderr == "No resources found\n", "\(none)")

            // Jobs are namespaced: -n picks the namespace, -A lists all with a NAMESPACE column.
            let inDefault = try await daemon.skiffctl("get", "amljob")
            #expect(inDefault.tableNames() == ["hello-world"], "\(inDefault)")
            let inTeam = try await daemon.skiffctl("get", "amljob", "-n", "ml-team")
            #expect(inTeam.status == 0 && inTeam.stdout.isEmpty, "\(inTeam)")
            #expect(inTeam.stderr == "No resources found in ml-team namespace.\n", "\(inTeam)")
            let all = try await daemon.skiffctl("get", "amljob", "-A")
            #expect(all.lines.first?.hasPrefix("NAMESPACE") == true, "\(all)")
            #expect(
                all.lines.dropFirst().map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == [
                    "default hello-world"
                ],
                "\(all)"
            )
            let allJSON = try await daemon.json("get", "amljob", "--all-namespaces")
            #expect(allJSON.itemNames == ["hello-world"])
            let wrongNamespace = try await daemon.skiffctl("get", "amljob", "hello-world", "-n", "ml-team")
            #expect(wrongNamespace.status == 1, "\(wrongNamespace)")
            #expect(wrongNamespace.stderr.contains("NotFound"), "\(wrongNamespace)")
        }
    }

    @Test func errorsForUnknownKindsAndNames() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            let unknownKind = try await daemon.skiffctl("get", "frobs")
            #expect(unknownKind.status == 1, "\(unknownKind)")
            #expect(unknownKind.stdout.isEmpty, "\(unknownKind)")
            #expect(
                unknownKind.stderr == "error: the server doesn't have a resource type \"frobs\"\n",
                "\(unknownKind)"
            )

            let describeUnknown = try await daemon.skiffctl("describe", "frobs", "x")
            #expect(describeUnknown.status == 1, "\(describeUnknown)")
            #expect(
                describeUnknown.stderr == "error: the server doesn't have a resource type \"frobs\"\n",
                "\(describeUnknown)"
            )

            let unknownName = try await daemon.skiffctl("get", "it", "nope")
            #expect(unknownName.status == 1, "\(unknownName)")
            #expect(unknownName.stdout.isEmpty, "\(unknownName)")
            #expect(
                unknownName.stderr
                    == "Error from server (NotFound): instancetypes.amlarc.azureml.com \"nope\" not found\n",
                "\(unknownName)"
            )

            // kubectl prints what it found and an error for each missing name, then exits 1.
            let someMissing = try await daemon.skiffctl("get", "it", "cpu-small", "nope", "-o", "name")
            #expect(someMissing.status == 1, "\(someMissing)")
            #expect(someMissing.stderr.contains("\"nope\" not found"), "\(someMissing)")
            do {
                #expect(someMissing.lines == ["instancetype.amlarc.azureml.com/cpu-small"], "\(someMissing)")
            }

            let badFormat = try await daemon.skiffctl("get", "it", "-o", "xml")
            #expect(badFormat.status != 0, "\(badFormat)")
            #expect(badFormat.stderr.contains("xml"), "\(badFormat)")
        }
    }

    @Test func describeShowsSpecAndConditions() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
            let describe = try await daemon.skiffctl("describe", "kc", "local-k8s")
            #expect(describe.succeeded, "\(describe)")
            let fields = describe.describeFields
            #expect(fields["Name"] == "local-k8s", "\(describe)")
            #expect(fields["Kind"] == "KubernetesCompute", "\(describe)")
            #expect(fields["Namespace"] == "ml-team", "\(describe)")
            #expect(fields["Default Instance Type"] == "cpu-small", "\(describe)")
            #expect(describe.lines.contains { $0.trimmingCharacters(in: .whitespaces) == "Conditions:" }, "\(describe)")
            #expect(fields["Type"] == "Ready", "\(describe)")
            #expect(fields["Status"] == "True", "\(describe)")
            #expect(fields["Reason"] == "Attached", "\(describe)")
            #expect(describe.lines.contains { $0.hasPrefix("Events:") }, "\(describe)")

            let gpu = try await daemon.skiffctl("describe", "instancetype", "gpu-a100")
            let gpuFields = gpu.describeFields
            #expect(gpuFields["nvidia.com/gpu"] == "1", "\(gpu)")
            #expect(gpuFields["nvidia.com/gpu.product"] == "NVIDIA-A100-SXM4-80GB", "\(gpu)")
            #expect(gpuFields["Reason"] == "Valid", "\(gpu)")

            let missing = try await daemon.skiffctl("describe", "kc", "nope")
            #expect(missing.status == 1 && missing.stderr.contains("NotFound"), "\(missing)")
        }
    }

    @Test func filesAndErrorsOfAHealthyFolder() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            let files = try await daemon.skiffctl("files")
            #expect(files.succeeded, "\(files)")
            let rows = files.fileRows
            #expect(rows.keys.sorted() == Self.files.keys.sorted(), "\(files)")
            #expect(rows.values.allSatisfy { $0.state == "Applied" }, "\(files)")
            #expect(rows["instancetypes/gpu.yaml"]?.objects == "InstanceType/gpu-a100", "\(files)")
            #expect(rows["hello-job.yml"]?.objects == "Job default/hello-world", "\(files)")
            #expect(rows["cpu-cluster.yml"]?.objects == "AmlCompute/cpu-cluster", "\(files)")

            let errors = try await daemon.skiffctl("errors")
            #expect(errors.status == 0 && errors.stdout.isEmpty, "\(errors)")
            #expect(errors.stderr == "No errors\n", "\(errors)")

            let filesJSON = try await daemon.json("files")
            #expect(filesJSON["kind"].string == "ManifestFileList")
            #expect(filesJSON["items"].array?.count == Self.files.count)
        }
    }

    @Test func socketFlagAndEnvironment() async throws {
        try await DaemonHarness.with(files: Self.files) { daemon in
            // The flag wins over $SKIFF_SOCKET.
            let flag = try await Skiffctl.run(
                ["get", "ns", "--socket", daemon.socket, "-o", "name"],
                environment: ["SKIFF_SOCKET": daemon.root + "/nothing-here.sock"]
            )
            #expect(flag.succeeded && flag.lines.contains("namespace/ml-team"), "\(flag)")

            // A socket that does not exist: connect(2) fails at once with ENOENT, so should skiffctl.
            let unreachable = try await Skiffctl.run(
                ["get", "ns"],
                environment: ["SKIFF_SOCKET": daemon.root + "/nothing-here.sock"],
                killAfter: .seconds(10)
            )
            do {
                #expect(unreachable.status == 1, "\(unreachable)")
                #expect(
                    unreachable.stderr.contains("cannot reach skiffd at \(daemon.root)/nothing-here.sock"),
                    "\(unreachable)"
                )
            }

            // kubectl takes its global flags before the subcommand too (`kubectl --kubeconfig K get pods`).
            let before = try await Skiffctl.run(["--socket", daemon.socket, "get", "ns", "-o", "name"])
            do {
                #expect(before.succeeded && before.lines.contains("namespace/ml-team"), "\(before)")
            }
        }
    }
}
