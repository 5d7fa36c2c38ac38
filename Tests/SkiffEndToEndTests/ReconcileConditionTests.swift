import Testing

/// Status conditions that say why an attached compute cannot take jobs, and that follow the folder as files come
/// and go (level-based reconciling: the compute is re-evaluated when what it depends on changes).
struct ReconcileConditionTests {
    @Test func missingNamespaceThenDeclared() async throws {
        try await DaemonHarness.with(files: [
            "extension.yaml": Manifests.azureMLExtension(),
            "compute.yaml": Manifests.kubernetesCompute("local-k8s", namespace: "ml-team"),
        ]) { daemon in
            let missing = try await daemon.eventuallyReady(
                "kc",
                "local-k8s",
                status: "False",
                reason: "NamespaceNotFound"
            )
            #expect(missing["message"].string?.contains("namespace \"ml-team\" does not exist") == true, "\(missing)")

            let compute = try await daemon.json("get", "kc", "local-k8s")
            #expect(compute["status"]["provisioningState"].string == "Failed")

            try daemon.write("namespace.yaml", Manifests.namespace("ml-team"))
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")

            // And back: deleting the namespace's file takes the compute out of service again.
            try daemon.remove("namespace.yaml")
            try await daemon.eventuallyGone("ns", "ml-team")
            try await daemon.eventuallyReady("kc", "local-k8s", status: "False", reason: "NamespaceNotFound")

            let describe = try await daemon.skiffctl("describe", "kc", "local-k8s")
            #expect(describe.describeFields["Reason"] == "NamespaceNotFound", "\(describe)")
            #expect(describe.describeFields["Status"] == "False", "\(describe)")
        }
    }

    @Test func missingDefaultInstanceTypeThenDeclared() async throws {
        try await DaemonHarness.with(files: [
            "namespace.yaml": Manifests.namespace("ml-team"),
            "extension.yaml": Manifests.azureMLExtension(),
            "compute.yaml": Manifests.kubernetesCompute("local-k8s", namespace: "ml-team", defaultInstanceType: "big"),
        ]) { daemon in
            let missing = try await daemon.eventuallyReady(
                "kc",
                "local-k8s",
                status: "False",
                reason: "InstanceTypeNotFound"
            )
            #expect(missing["message"].string?.contains("\"big\"") == true, "\(missing)")

            try daemon.write("big.yaml", Manifests.instanceType("big", cpu: "4", memory: "16Gi"))
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")

            // Pointing the compute at another missing type: the condition follows the spec change.
            try daemon.write(
                "compute.yaml",
                Manifests.kubernetesCompute("local-k8s", namespace: "ml-team", defaultInstanceType: "huge")
            )
            let changed = try await daemon.eventuallyReady(
                "kc",
                "local-k8s",
                status: "False",
                reason: "InstanceTypeNotFound"
            )
            #expect(changed["message"].string?.contains("\"huge\"") == true, "\(changed)")
            let compute = try await daemon.json("get", "kc", "local-k8s")
            #expect(compute["metadata"]["generation"].number == 2)
            #expect(DaemonHarness.readyCondition(compute)?["observedGeneration"].number == 2)
        }
    }

    @Test func builtInDefaultInstanceTypeNeedsNoDeclaration() async throws {
        try await DaemonHarness.with(files: [
            "namespace.yaml": Manifests.namespace("ml-team"),
            "extension.yaml": Manifests.azureMLExtension(),
            "compute.yaml": Manifests.kubernetesCompute("local-k8s", namespace: "ml-team"),
        ]) { daemon in
            let ready = try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
            #expect(ready["message"].string?.contains("defaultinstancetype") == true, "\(ready)")
            // Azure ML's default exists for jobs, but `get it` lists it only when a user declared it.
            let listed = try await daemon.json("get", "it")
            #expect(listed.itemNames.isEmpty)
        }
    }

    @Test func trainingDisabledThenEnabled() async throws {
        try await DaemonHarness.with(files: [
            "namespace.yaml": Manifests.namespace("ml-team"),
            "extension.yaml": Manifests.azureMLExtension(enableTraining: "False", inference: true),
            "compute.yaml": Manifests.kubernetesCompute("local-k8s", namespace: "ml-team"),
        ]) { daemon in
            let disabled = try await daemon.eventuallyReady(
                "kc",
                "local-k8s",
                status: "False",
                reason: "TrainingDisabled"
            )
            #expect(disabled["message"].string?.contains("does not enable training") == true, "\(disabled)")

            // Booleans are `True`/`False` in any case.
            try daemon.write("extension.yaml", Manifests.azureMLExtension(enableTraining: "true", inference: true))
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
            let ext = try await daemon.eventuallyReady("ext", "azureml", status: "True", reason: "Installed")
            #expect(ext["message"].string == "enabled: training, inference", "\(ext)")

            // An extension enabling nothing is invalid: the file gets the error, the last good version stays.
            try daemon.write("extension.yaml", Manifests.azureMLExtension(enableTraining: "False"))
            try await daemon.eventually("extension.yaml invalid") {
                try await daemon.skiffctl("files").fileRows["extension.yaml"]?.state == "Invalid at line 8"
            }
            let errors = try await daemon.skiffctl("errors")
            #expect(
                errors.lines == [
                    "extension.yaml:8:5: spec.configurationSettings: Required value: set enableTraining or "
                        + "enableInference to True"
                ],
                "\(errors)"
            )
            let compute = try await daemon.json("get", "kc", "local-k8s")
            #expect(DaemonHarness.readyCondition(compute)?["reason"].string == "Attached")

            // No extension at all: training is not enabled either.
            try daemon.remove("extension.yaml")
            try await daemon.eventuallyGone("ext", "azureml")
            let none = try await daemon.eventuallyReady("kc", "local-k8s", status: "False", reason: "TrainingDisabled")
            #expect(none["message"].string?.contains("no Extension") == true, "\(none)")
        }
    }

    @Test func conditionsAreReportedInOrderOfWhatIsMissing() async throws {
        // Everything missing: the namespace is what the operator must fix first.
        try await DaemonHarness.with(files: [
            "compute.yaml": Manifests.kubernetesCompute("local-k8s", namespace: "ml-team", defaultInstanceType: "big")
        ]) { daemon in
            try await daemon.eventuallyReady("kc", "local-k8s", status: "False", reason: "NamespaceNotFound")
            try daemon.write("namespace.yaml", Manifests.namespace("ml-team"))
            try await daemon.eventuallyReady("kc", "local-k8s", status: "False", reason: "InstanceTypeNotFound")
            try daemon.write("big.yaml", Manifests.instanceType("big"))
            try await daemon.eventuallyReady("kc", "local-k8s", status: "False", reason: "TrainingDisabled")
            try daemon.write("extension.yaml", Manifests.azureMLExtension())
            try await daemon.eventuallyReady("kc", "local-k8s", status: "True", reason: "Attached")
        }
    }
}
