import SkiffAPI
import Testing

/// Decoding helpers shared by the Pod, Node and Event tests.
enum KindsFixture {
    static let registry = KindRegistry([Namespace.self, Pod.self, Node.self, Event.self])

    /// Decodes a manifest file named `t.yaml`.
    static func manifest(_ text: String) -> ManifestResult {
        ManifestDecoder(registry: registry).decode(bytes: Array(text.utf8), file: "t.yaml")
    }

    /// The errors of a manifest, as `t.yaml:LINE:COLUMN: path: message`.
    static func errors(_ text: String) -> [String] {
        manifest(text).errors.map(\.description)
    }

    /// The single object of a valid manifest.
    static func object<T: APIObject>(_ text: String, as type: T.Type) throws -> T {
        let result = manifest(text)
        #expect(result.errors.map(\.description) == [])
        return try #require(result.objects.first?.object as? T)
    }

    /// Decodes a document as the API and persistence do (status included).
    static func decodeWithStatus(_ text: String) throws -> (object: (any APIObject)?, errors: [String]) {
        let documents = try YAMLParser().parse(text, file: "t.json")
        let root = try #require(documents.first?.root)
        let context = DecodeContext(file: "t.json", includeStatus: true)
        let object = ObjectDecoder.decode(root, registry: registry, context: context)
        return (object, context.errors.map(\.description))
    }

    /// Encodes `object` to JSON and decodes it back with status, as the store persists objects.
    static func roundTrip<T: APIObject>(_ object: T) throws -> T {
        let (decoded, errors) = try decodeWithStatus(object.encoded().serialized(pretty: true))
        #expect(errors == [])
        return try #require(decoded as? T)
    }

    /// The keys of an encoded object, in order.
    static func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let object) = value else { return [] }
        return object.entries.map(\.key)
    }
}

struct PodTests {
    static let trainingPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: train-0
          namespace: ml
          labels: {app: train}
        spec:
          initContainers:
          - name: fetch
            command: [sh, -c, fetch-data]
            resources:
              requests: {cpu: "2", memory: 1Gi}
          containers:
          - name: trainer
            image: pytorch/pytorch:2.3
            command: [python, train.py]
            args: ["--epochs", "3"]
            workingDir: /work
            env:
            - name: MASTER_PORT
              value: "29500"
            - name: EMPTY
            ports:
            - containerPort: 29500
              name: dist
            resources:
              limits: {cpu: 4, memory: 16Gi, nvidia.com/gpu: 1}
              requests: {cpu: 500m}
          - name: sidecar
            command: [sleep, infinity]
            resources:
              requests: {cpu: 100m, memory: 64Mi}
          nodeSelector:
            skiff.dev/vm-size: Standard_NC6s_v3
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                - matchExpressions:
                  - {key: gpu-count, operator: Gt, values: ["0"]}
                  matchFields:
                  - {key: metadata.name, operator: NotIn, values: [node-9]}
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 50
                preference:
                  matchExpressions:
                  - {key: tier, operator: In, values: [dedicated]}
          tolerations:
          - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
          - {key: spot, value: "true", effect: NoExecute, tolerationSeconds: 30}
          priorityClassName: high
          priority: 1000
          activeDeadlineSeconds: 3600

        """

    @Test func decodesARealisticPodWithDefaults() throws {
        let pod = try KindsFixture.object(Self.trainingPod, as: Pod.self)
        #expect(pod.metadata.namespace == "ml")
        #expect(pod.key == ObjectKey(GroupKind(group: "", kind: "Pod"), namespace: "ml", name: "train-0"))
        let spec = pod.spec
        #expect(spec.restartPolicy == .always)
        #expect(spec.schedulerName == "default-scheduler")
        #expect(spec.terminationGracePeriodSeconds == 30)
        #expect(spec.activeDeadlineSeconds == 3600)
        #expect(spec.priorityClassName == "high")
        #expect(spec.priority == 1000)
        #expect(spec.nodeName == "")
        #expect(spec.nodeSelector == ["skiff.dev/vm-size": "Standard_NC6s_v3"])
        #expect(spec.initContainers.map(\.name) == ["fetch"])
        #expect(spec.containers.map(\.name) == ["trainer", "sidecar"])

        let trainer = spec.containers[0]
        #expect(trainer.image == "pytorch/pytorch:2.3")
        #expect(trainer.command == ["python", "train.py"])
        #expect(trainer.args == ["--epochs", "3"])
        #expect(trainer.workingDir == "/work")
        #expect(trainer.env == [EnvVar(name: "MASTER_PORT", value: "29500"), EnvVar(name: "EMPTY")])
        #expect(trainer.ports == [ContainerPort(name: "dist", containerPort: 29500, protocol: .tcp)])
        #expect(trainer.resources.limits == [.cpu: 4, .memory: "16Gi", .nvidiaGPU: 1])
        // Requests default to limits per resource; the written cpu request stays.
        #expect(trainer.resources.requests == [.cpu: "500m", .memory: "16Gi", .nvidiaGPU: 1])
        #expect(spec.containers[1].image == "")

        let affinity = try #require(spec.affinity?.nodeAffinity)
        #expect(
            affinity.required
                == NodeSelector(nodeSelectorTerms: [
                    NodeSelectorTerm(
                        matchExpressions: [NodeSelectorRequirement(key: "gpu-count", operator: .gt, values: ["0"])],
                        matchFields: [
                            NodeSelectorRequirement(key: "metadata.name", operator: .notIn, values: ["node-9"])
                        ]
                    )
                ])
        )
        #expect(affinity.preferred.map(\.weight) == [50])
        #expect(affinity.preferred.first?.preference.matchExpressions.first?.values == ["dedicated"])
        #expect(
            spec.tolerations == [
                Toleration(key: "nvidia.com/gpu", operator: .exists, effect: .noSchedule),
                Toleration(key: "spot", value: "true", effect: .noExecute, tolerationSeconds: 30),
            ]
        )
        #expect(pod.status == PodStatus())
    }

    @Test func buildsTheSamePodInCode() throws {
        let decoded = try KindsFixture.object(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: main
                command: [run]
                resources: {limits: {nvidia.com/gpu: 2, memory: 1Gi}}
            """,
            as: Pod.self
        )
        let built = Pod(
            metadata: ObjectMeta(name: "p", namespace: "default"),
            spec: PodSpec(containers: [
                Container(
                    name: "main",
                    command: ["run"],
                    resources: ResourceRequirements(limits: [.nvidiaGPU: 2, .memory: "1Gi"])
                )
            ])
        )
        #expect(built.isEqual(to: decoded))
        #expect(built.spec.containers[0].resources.requests == [.nvidiaGPU: 2, .memory: "1Gi"])
    }

    @Test func encodesInKubernetesOrder() throws {
        var pod = Pod(
            metadata: ObjectMeta(name: "p", namespace: "default"),
            spec: PodSpec(
                containers: [
                    Container(
                        name: "c",
                        image: "busybox",
                        command: ["sleep", "1"],
                        ports: [ContainerPort(containerPort: 80)],
                        resources: ResourceRequirements(limits: [.cpu: "1"])
                    )
                ],
                restartPolicy: .never,
                nodeSelector: ["b": "2", "a": "1"],
                tolerations: [Toleration(operator: .exists)]
            )
        )
        #expect(
            pod.encoded().serialized()
                == #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"#
                + #""containers":[{"name":"c","image":"busybox","command":["sleep","1"],"#
                + #""ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{"limits":{"cpu":"1"},"#
                + #""requests":{"cpu":"1"}}}],"restartPolicy":"Never","terminationGracePeriodSeconds":30,"#
                + #""nodeSelector":{"a":"1","b":"2"},"schedulerName":"default-scheduler","#
                + #""tolerations":[{"operator":"Exists"}]}}"#
        )
        pod.status = PodStatus(phase: .pending, qosClass: .burstable)
        #expect(KindsFixture.keys(pod.encoded()) == ["apiVersion", "kind", "metadata", "spec", "status"])
        #expect(pod.encoded()["status"]?.serialized() == #"{"phase":"Pending","qosClass":"Burstable"}"#)
    }

    @Test func statusRoundTrips() throws {
        var pod = try KindsFixture.object(Self.trainingPod, as: Pod.self)
        let t0 = Timestamp(seconds: 1_790_000_000)
        let t1 = Timestamp(seconds: 1_790_000_060)
        pod.spec.nodeName = "gpu-1"
        pod.status = PodStatus(
            phase: .running,
            conditions: [
                PodCondition(type: .podScheduled, status: .true, lastTransitionTime: t0),
                PodCondition(type: .initialized, status: .true, lastTransitionTime: t1),
                PodCondition(type: .containersReady, status: .false, reason: "ContainersNotReady", message: "x"),
                PodCondition(type: .ready, status: .false, lastProbeTime: t1, lastTransitionTime: t0),
            ],
            message: "running",
            reason: "Started",
            nominatedNodeName: "gpu-2",
            hostIP: "10.0.0.4",
            podIP: "10.244.0.7",
            startTime: t0,
            initContainerStatuses: [
                ContainerStatus(
                    name: "fetch",
                    state: .terminated(.init(exitCode: 0, reason: "Completed", startedAt: t0, finishedAt: t1)),
                    ready: false,
                    image: "",
                    containerID: "skiff://1"
                )
            ],
            containerStatuses: [
                ContainerStatus(
                    name: "trainer",
                    state: .running(since: t1),
                    lastState: .terminated(
                        .init(
                            exitCode: 137,
                            signal: 9,
                            reason: "OOMKilled",
                            message: "killed",
                            containerID: "skiff://2"
                        )
                    ),
                    ready: true,
                    restartCount: 1,
                    image: "pytorch/pytorch:2.3",
                    imageID: "sha256:abc",
                    started: true
                ),
                ContainerStatus(name: "sidecar", state: .waiting(reason: "ContainerCreating")),
            ],
            qosClass: .burstable
        )
        let decoded = try KindsFixture.roundTrip(pod)
        #expect(decoded.spec == pod.spec)
        #expect(decoded.status == pod.status)
        #expect(decoded.isEqual(to: pod))
    }

    @Test func printsUnsetConditionTimesAsNull() {
        let condition = PodCondition(type: .podScheduled, status: .false, reason: "Unschedulable", message: "m")
        #expect(
            condition.encoded.serialized()
                == #"{"type":"PodScheduled","status":"False","lastProbeTime":null,"lastTransitionTime":null,"#
                + #""reason":"Unschedulable","message":"m"}"#
        )
        let status = ContainerStatus(name: "c")
        #expect(
            status.encoded.serialized()
                == #"{"name":"c","state":{},"lastState":{},"ready":false,"restartCount":0,"image":"","imageID":""}"#
        )
    }

    @Test func setsConditionsAsTheKubeletDoes() {
        var conditions: [PodCondition] = []
        let t0 = Timestamp(seconds: 100)
        let t1 = Timestamp(seconds: 200)
        var changes: [Bool] = []
        changes.append(conditions.set(PodCondition(type: .ready, status: .false, reason: "A"), now: t0))
        changes.append(conditions.set(PodCondition(type: .ready, status: .false, reason: "A"), now: t1))
        changes.append(conditions.set(PodCondition(type: .ready, status: .false, reason: "B"), now: t1))
        #expect(conditions[type: .ready]?.lastTransitionTime == t0)
        changes.append(conditions.set(PodCondition(type: .ready, status: .true), now: t1))
        #expect(changes == [true, false, true, true])
        #expect(conditions[type: .ready]?.lastTransitionTime == t1)
        #expect(conditions.count == 1)
    }

    @Test func selectsByKubernetesFields() throws {
        var pod = try KindsFixture.object(Self.trainingPod, as: Pod.self)
        pod.spec.nodeName = "gpu-1"
        pod.status.phase = .running
        pod.status.podIP = "10.244.0.7"
        #expect(pod.fieldValue("spec.nodeName") == "gpu-1")
        #expect(pod.fieldValue("spec.restartPolicy") == "Always")
        #expect(pod.fieldValue("spec.schedulerName") == "default-scheduler")
        #expect(pod.fieldValue("status.phase") == "Running")
        #expect(pod.fieldValue("status.podIP") == "10.244.0.7")
        #expect(pod.fieldValue("status.nominatedNodeName") == "")
        #expect(pod.fieldValue("metadata.namespace") == "ml")
        #expect(pod.fieldValue("spec.hostNetwork") == nil)
        #expect(Pod.selectableFields.allSatisfy { pod.fieldValue($0) != nil })
    }

    @Test func registersAsKubectlNamesIt() {
        #expect(KindsFixture.registry.resolve("po").map { $0.resource.kind } == ["Pod"])
        #expect(KindsFixture.registry.category("all").map { $0.resource.kind } == ["Pod"])
        #expect(Pod.resource.namespaced)
        #expect(Pod.resource.collectionPath(namespace: "ml") == "/api/v1/namespaces/ml/pods")
    }

    @Test func unknownFieldsAreErrors() {
        let errors = KindsFixture.errors(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              hostNetwork: true
              containers:
              - name: c
                imagePullPolicy: Always
                resources: {limit: {cpu: 1}}
              affinity:
                podAffinity: {}
              tolerations:
              - {key: a, operatr: Exists}
            """
        )
        #expect(
            errors == [
                "t.yaml:9:17: unknown field \"spec.containers[0].resources.limit\"",
                "t.yaml:8:5: unknown field \"spec.containers[0].imagePullPolicy\"",
                "t.yaml:11:5: unknown field \"spec.affinity.podAffinity\"",
                "t.yaml:13:14: unknown field \"spec.tolerations[0].operatr\"",
                "t.yaml:5:3: unknown field \"spec.hostNetwork\"",
            ]
        )
    }
}
