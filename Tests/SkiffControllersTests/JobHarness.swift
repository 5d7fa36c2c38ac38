import Foundation
import Testing

@testable import SkiffControllers

/// A store, a manual clock and a Job reconciler driven by hand: objects go in as the loader writes them, pods'
/// placement and phases are set directly (no scheduler or node here), and each reconcile is called explicitly.
final class JobHarness {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let clock = ManualClock()
    let stateDir: String
    let manifestsRoot: String
    let reconciler: JobReconciler

    init(manifestsRoot: String = "/srv/manifests") throws {
        self.manifestsRoot = manifestsRoot
        stateDir = NSTemporaryDirectory() + "skiff-job-tests-\(UUID().uuidString)"
        reconciler = JobReconciler(
            store: store,
            clock: clock,
            configuration: JobReconciler.Configuration(manifestsRoot: manifestsRoot, stateDir: stateDir)
        )
        try store.create(Namespace(metadata: ObjectMeta(name: "default")))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: stateDir)
    }

    /// Decodes `text` as the loader would (annotated with its file) and creates or updates its objects.
    @discardableResult
    func apply(_ text: String, file: String = "t.yaml") throws -> [any APIObject] {
        let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: file)
        #expect(result.errors.isEmpty, "\(result.errors)")
        var written: [any APIObject] = []
        for item in result.objects {
            var object = item.object
            object.metadata.annotations[ManifestLoader.sourceAnnotation] = file
            if store.get(object.key) == nil {
                written.append(try store.create(object))
            } else {
                written.append(try store.update(object))
            }
        }
        return written
    }

    /// Applies a shared fixture file.
    @discardableResult
    func applyFixture(_ name: String) throws -> [any APIObject] {
        let path = SharedFolder.path + "/fixtures/azureml/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try apply(text, file: "jobs/" + name)
    }

    func job(_ name: String, namespace: String = "default") throws -> Job {
        try #require(store.get(Job.self, namespace: namespace, name: name))
    }

    @discardableResult
    func reconcile(_ name: String, namespace: String = "default") throws -> ReconcileResult {
        try reconciler.reconcile(ObjectKey(Job.resource.groupKind, namespace: namespace, name: name))
    }

    /// The job's pods, by name.
    func pods(of job: String, namespace: String = "default") -> [Pod] {
        store.objects(index: JobLabels.podsByJob, value: "\(namespace)/\(job)").compactMap { $0 as? Pod }
            .sorted { $0.metadata.name < $1.metadata.name }
    }

    /// Binds a pod to a node (the scheduler's part).
    func bind(_ pod: Pod, to node: String = "node-a") throws {
        var bound = try #require(store.get(pod.key) as? Pod)
        bound.spec.nodeName = node
        try store.update(bound)
    }

    /// Sets a pod's phase (the node's part), with a terminated container for finished phases.
    func setPhase(_ pod: Pod, _ phase: PodPhase, exitCode: Int32 = 0, reason: String = "") throws {
        var updated = try #require(store.get(pod.key) as? Pod)
        updated.status.phase = phase
        if phase.isTerminal {
            updated.status.containerStatuses = updated.spec.containers.map { container in
                ContainerStatus(
                    name: container.name,
                    state: .terminated(ContainerState.Terminated(exitCode: exitCode, reason: reason))
                )
            }
        }
        try store.updateStatus(updated)
    }

    func addNode(_ name: String, labels: [String: String] = [:], allocatable: ResourceList) throws {
        try store.create(
            Node(
                metadata: ObjectMeta(name: name, labels: labels),
                spec: NodeSpec(),
                status: NodeStatus(capacity: allocatable)
            )
        )
    }

    func requestCancel(_ name: String) throws {
        var job = try self.job(name)
        job.status.cancelRequested = clock.timestamp
        try store.updateStatus(job)
    }

    static let trainingExtension = """
        apiVersion: skiff.dev/v1alpha1
        kind: Extension
        metadata: {name: azureml}
        spec:
          extensionType: microsoft.azureml.kubernetes
          configurationSettings: {enableTraining: "True"}
        """

    static func instanceType(_ name: String, cpu: String = "1", memory: String = "1Gi", gpus: Int = 0,
                             selector: String = "{}") -> String
    {
        let gpu = gpus > 0 ? ", nvidia.com/gpu: \(gpus)" : ""
        return """
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata: {name: \(name)}
            spec:
              nodeSelector: \(selector)
              resources: {limits: {cpu: "\(cpu)", memory: \(memory)\(gpu)}}
            """
    }

    /// An Azure ML CLI compute cluster document.
    static func amlCompute(_ name: String, size: String) -> String {
        "$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\n"
            + "name: \(name)\ntype: amlcompute\nsize: \(size)\nmax_instances: 2\n"
    }

    /// A ready Kubernetes compute `k8s` in namespace `ml`.
    func attachCompute(instanceTypes: [String] = ["gpu2"], defaultType: String? = nil, namespace: String = "ml") throws {
        try apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: \(namespace)}\n")
        try apply(Self.trainingExtension)
        var spec = "namespace: \(namespace)"
        if let defaultType { spec += ", defaultInstanceType: \(defaultType)" }
        try apply("apiVersion: skiff.dev/v1alpha1\nkind: KubernetesCompute\nmetadata: {name: k8s}\nspec: {\(spec)}\n")
    }
}
