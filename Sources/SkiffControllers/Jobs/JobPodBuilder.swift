import Foundation
import SkiffScheduler

/// Builds a job's plan and its pods (CONTRACTS.md): `instance_count` pods named `<job>-<index>` (first attempt)
/// or `<job>-<index>-r<attempt>`, labelled with the job, instance and attempt (and the gang labels when there is
/// more than one), owned by the job when they share its namespace, `restartPolicy: Never`, the job's priority, the
/// instance type's and compute's node selector, and one container per process running the command through
/// `/bin/sh -c`, the pod's resources split between the containers.
enum JobPodBuilder {
    /// Azure ML's `queue_settings.priority` as pod priorities; a job that names none is `medium`, Azure ML's
    /// default. Pods declared without a priority (0) rank below every job.
    static let priorities: [String: Int32] = ["low": 100, "medium": 200, "high": 300]
    static let defaultPriority: Int32 = 200

    /// Resolves compute, instance type, node selector, command and folders; throws the refusal when the job cannot
    /// run as declared.
    static func plan(
        _ job: Job,
        store: any ObjectStore,
        clock: any Clock,
        configuration: JobReconciler.Configuration
    ) throws -> JobPlan {
        guard let command = job.spec.command else {
            throw JobRefusal("InvalidJob", "the job has no command")
        }
        let compute = try ComputeResolution.resolve(job, store: store, clock: clock)
        let instanceType = try InstanceTypeResolution.resolve(job, compute: compute, store: store)
        var selector = compute.nodeSelector
        for (key, value) in instanceType.spec.nodeSelector.sorted(by: { $0.key < $1.key }) {
            if let other = selector[key], other != value {
                throw JobRefusal(
                    "NodeSelectorConflict",
                    "instance type \"\(instanceType.name)\" selects \(key)=\(value) but \(compute.description) "
                        + "requires \(key)=\(other): no node can match both"
                )
            }
            selector[key] = value
        }
        try DistributionEnvironment.validate(job)
        let jobDirectory = configuration.jobDirectory(namespace: job.metadata.namespace, name: job.metadata.name)
        var outputs: [String: String] = [:]
        for entry in job.spec.outputs.entries {
            outputs[entry.key] = "\(jobDirectory)/outputs/\(entry.key)"
        }
        let inputs = try InputSubstitution.literalInputs(job.spec.inputs)
        let substituted = try InputSubstitution.substitute(command, inputs: inputs, outputs: outputs)
        var hostfile: String?
        if case .mpi = job.spec.distribution { hostfile = "\(jobDirectory)/hostfile" }
        return JobPlan(
            compute: compute,
            instanceType: instanceType,
            nodeSelector: selector,
            command: substituted,
            workingDir: try workingDirectory(job, configuration: configuration),
            jobDirectory: jobDirectory,
            outputs: outputs,
            hostfile: hostfile,
            port: DistributionEnvironment.masterPort(uid: job.metadata.uid)
        )
    }

    /// `code` as an absolute folder: relative to the folder of the manifest file the job came from (the
    /// `skiff.dev/manifest` annotation, relative to the manifests root), else to the manifests root.
    static func workingDirectory(_ job: Job, configuration: JobReconciler.Configuration) throws -> String {
        guard let code = job.spec.code, !code.isEmpty else { return "" }
        if code.contains("://") || code.lowercased().hasPrefix("azureml:") {
            throw JobRefusal(
                "UnsupportedCode",
                "code \"\(code)\" is not a local folder: Skiff runs code from a folder on this machine"
            )
        }
        if code.hasPrefix("/") { return URL(fileURLWithPath: code).standardized.path }
        var base = configuration.manifestsRoot.isEmpty
            ? FileManager.default.currentDirectoryPath : configuration.manifestsRoot
        if let manifest = job.metadata.annotations[ManifestLoader.sourceAnnotation] {
            let folder = (manifest as NSString).deletingLastPathComponent
            if manifest.hasPrefix("/") {
                base = folder
            } else if !folder.isEmpty {
                base += "/" + folder
            }
        }
        return URL(fileURLWithPath: base).appendingPathComponent(code).standardized.path
    }

    /// The variable that names the compute's default identity to the job's code (as Azure ML sets it).
    static let identityVariable = "DEFAULT_IDENTITY_CLIENT_ID"
    /// Pod annotation: the ARM resource id of the compute's default user-assigned identity.
    static let identityAnnotation = "skiff.dev/identity-resource-id"
    /// Pod annotation: `system_assigned` or `user_assigned`.
    static let identityTypeAnnotation = "skiff.dev/identity-type"

    /// The default identity's client id and resource id: the first user-assigned identity (its `client_id`, else
    /// its resource id, which Azure's SDKs also accept to pick an identity), or the system-assigned one — which
    /// lives and dies with its compute, so the compute's uid stands for its client id and it has no resource id of
    /// its own.
    static func defaultIdentity(_ identity: ManagedIdentity, of cluster: AmlCompute) -> (String, String?) {
        guard identity.type == .userAssigned, let first = identity.defaultIdentity else {
            return (cluster.metadata.uid, nil)
        }
        return (first.clientId ?? first.resourceId, first.resourceId)
    }

    /// The name of pod `instance` of `attempt`.
    static func podName(job: String, instance: Int, attempt: Int) -> String {
        attempt <= 1 ? "\(job)-\(instance)" : "\(job)-\(instance)-r\(attempt)"
    }

    /// The job's pods for `attempt`.
    static func pods(for job: Job, plan: JobPlan, attempt: Int) -> [Pod] {
        (0..<job.spec.instanceCount).map { pod(for: job, plan: plan, instance: $0, attempt: attempt) }
    }

    static func pod(for job: Job, plan: JobPlan, instance: Int, attempt: Int) -> Pod {
        let name = job.metadata.name
        var labels = [
            JobLabels.jobName: name,
            JobLabels.jobNamespace: job.metadata.namespace,
            JobLabels.instance: String(instance),
            JobLabels.attempt: String(attempt),
        ]
        if job.isGang {
            labels[SchedulingAnnotations.podGroup] = name
            labels[SchedulingAnnotations.podGroupSize] = String(job.spec.instanceCount)
        }
        var annotations = [JobLabels.jobUID: job.metadata.uid]
        if case .reference(let environment) = job.spec.environment {
            annotations[JobLabels.environment] = environment
        }
        // Rehearsals: how a simulated pod runs (`skiff.dev/simulate-duration`, `-exit-code`) passes from the job's
        // annotations or tags to its pods.
        for (key, value) in job.spec.tags.merging(job.metadata.annotations, uniquingKeysWith: { $1 })
        where key.hasPrefix("skiff.dev/simulate-") {
            annotations[key] = value
        }
        var metadata = ObjectMeta(
            name: podName(job: name, instance: instance, attempt: attempt),
            namespace: plan.compute.namespace,
            labels: labels,
            annotations: annotations
        )
        // Kubernetes has no owner references across namespaces (the garbage collector would take the owner for
        // absent); pods in another namespace are found by their labels and removed by the Job controller.
        if plan.compute.namespace == job.metadata.namespace {
            metadata.ownerReferences = [
                OwnerReference(
                    apiVersion: Job.resource.apiVersion,
                    kind: Job.resource.kind,
                    name: name,
                    uid: job.metadata.uid,
                    controller: true,
                    blockOwnerDeletion: true
                )
            ]
        }
        let processes = DistributionEnvironment.processes(
            of: job,
            instance: instance,
            port: plan.port,
            hostfile: plan.hostfile
        )
        let resources = plan.instanceType.spec.resources
        let requests = split(resources.requests, into: processes.count)
        let limits = split(resources.limits, into: processes.count)
        var variables = job.spec.environmentVariables
        if case .aml(let cluster, _) = plan.compute.target, let identity = cluster.spec.identity {
            let (clientID, resourceID) = defaultIdentity(identity, of: cluster)
            if variables[identityVariable] == nil { variables[identityVariable] = clientID }
            metadata.annotations[identityTypeAnnotation] = identity.type.rawValue
            if let resourceID { metadata.annotations[identityAnnotation] = resourceID }
        }
        let base = variables.sorted { $0.key < $1.key }.map { EnvVar(name: $0.key, value: $0.value) }
        // Kubernetes expands $(VAR) in command arguments; doubling every `$` leaves the shell the command as written.
        let script = plan.command.replacingOccurrences(of: "$", with: "$$")
        let containers = processes.enumerated().map { index, process in
            var environment = base.filter { variable in !process.environment.contains { $0.name == variable.name } }
            environment += process.environment
            return Container(
                name: process.name,
                image: job.spec.environment?.image ?? "",
                command: ["/bin/sh", "-c", script],
                workingDir: plan.workingDir,
                env: environment,
                resources: ResourceRequirements(limits: limits[index], requests: requests[index])
            )
        }
        let priority = job.spec.queueSettings?.priority.flatMap { priorities[$0] } ?? defaultPriority
        let spec = PodSpec(
            containers: containers,
            restartPolicy: .never,
            nodeSelector: plan.nodeSelector,
            priority: priority
        )
        return Pod(metadata: metadata, spec: spec)
    }

    /// Splits a pod's resources between `count` containers so that they add up exactly: each gets the quotient
    /// and the first ones one unit of the remainder (GPUs and other whole resources in units, cpu in millicores,
    /// memory and the rest in bytes). A GPU share of zero is left out, so that container sees no GPU.
    static func split(_ total: ResourceList, into count: Int) -> [ResourceList] {
        guard count > 1 else { return [total] }
        var parts = Array(repeating: ResourceList(), count: count)
        for entry in total {
            let whole = entry.name != .cpu && entry.quantity.isInteger && entry.name != .memory
            let units = entry.name == .cpu ? entry.quantity.milliValue : entry.quantity.value
            let n = Int64(count)
            for i in 0..<count {
                let share = units / n + (Int64(i) < units % n ? 1 : 0)
                if entry.name == .nvidiaGPU && share == 0 { continue }
                let quantity: Quantity
                if entry.name == .cpu {
                    quantity = Quantity(milli: share)
                } else if entry.name == .memory {
                    quantity = Quantity(share, format: .binarySI)
                } else {
                    quantity = whole ? Quantity(share) : Quantity(share, format: entry.quantity.format)
                }
                parts[i][entry.name] = quantity
            }
        }
        return parts
    }
}
