import Foundation

/// Manifest texts the tests write into the watched folder, in the forms users have: Kubernetes-style objects and
/// Azure ML's CLI v2 YAML.
enum Manifests {
    static func namespace(_ name: String, labels: [String: String] = [:]) -> String {
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: \(name)
        \(labelsBlock(labels))
        """
    }

    /// The Azure ML extension; `enableTraining` is the setting's text (`"True"`, `"False"`, …). With
    /// `inference`, inference is enabled too (over plain HTTP), so that a training-less extension is still valid.
    static func azureMLExtension(
        _ name: String = "azureml",
        enableTraining: String = "True",
        inference: Bool = false,
        devicePlugin: Bool = false
    )
        -> String
    {
        var text = """
            apiVersion: skiff.dev/v1alpha1
            kind: Extension
            metadata:
              name: \(name)
            spec:
              extensionType: microsoft.azureml.kubernetes
              configurationSettings:
                enableTraining: "\(enableTraining)"
                installNvidiaDevicePlugin: "\(devicePlugin ? "True" : "False")"

            """
        if inference {
            text += """
                    enableInference: "True"
                    inferenceRouterServiceType: LoadBalancer
                    allowInsecureConnections: "True"

                """
        } else {
            text += "    enableInference: \"False\"\n"
        }
        return text
    }

    /// An instance type; `cpu` and `memory` are both request and limit, `gpu` a limit when given.
    static func instanceType(
        _ name: String,
        cpu: String = "1",
        memory: String = "2Gi",
        gpu: String? = nil,
        labels: [String: String] = [:],
        nodeSelector: [String: String] = [:]
    ) -> String {
        var text = """
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata:
              name: \(name)
            \(labelsBlock(labels))
            spec:

            """
        if !nodeSelector.isEmpty {
            text += "  nodeSelector:\n"
            for (key, value) in nodeSelector.sorted(by: { $0.key < $1.key }) { text += "    \(key): \(value)\n" }
        }
        text += """
              resources:
                requests:
                  cpu: "\(cpu)"
                  memory: "\(memory)"
                limits:
                  cpu: "\(cpu)"
                  memory: "\(memory)"

            """
        if let gpu { text += "      nvidia.com/gpu: \(gpu)\n" }
        return text
    }

    static func kubernetesCompute(_ name: String, namespace: String, defaultInstanceType: String? = nil) -> String {
        """
        apiVersion: skiff.dev/v1alpha1
        kind: KubernetesCompute
        metadata:
          name: \(name)
        spec:
          namespace: \(namespace)
        \(defaultInstanceType.map { "  defaultInstanceType: \($0)" } ?? "")
        """
    }

    /// A compute cluster in Azure ML's CLI v2 form.
    static func amlCompute(_ name: String, size: String = "Standard_DS3_v2", min: Int = 0, max: Int = 4) -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json
        name: \(name)
        type: amlcompute
        size: \(size)
        min_instances: \(min)
        max_instances: \(max)
        idle_time_before_scale_down: 120
        """
    }

    /// A command job in Azure ML's CLI v2 form (it lands in the `default` namespace).
    static func commandJob(_ name: String, compute: String, instanceType: String) -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        name: \(name)
        type: command
        command: echo hello
        environment:
          image: library/python:latest
        compute: azureml:\(compute)
        resources:
          instance_type: \(instanceType)
        """
    }

    /// A command job running `command` (a shell line) on `instances` instances.
    static func commandJob(
        _ name: String,
        command: String,
        compute: String,
        instanceType: String,
        instances: Int = 1
    ) -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        name: \(name)
        type: command
        command: '\(command.replacingOccurrences(of: "'", with: "''"))'
        environment:
          image: library/python:latest
        compute: azureml:\(compute)
        resources:
          instance_type: \(instanceType)
          instance_count: \(instances)
        """
    }

    private static func labelsBlock(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        return "  labels:\n"
            + labels.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }
            .joined(separator: "\n")
    }
}
