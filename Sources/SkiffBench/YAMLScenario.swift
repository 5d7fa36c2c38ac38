import CLibYAML
import SkiffAPI

/// `yaml`: decode throughput (MB/s) of manifest bytes into typed, validated objects through the daemon's own
/// ``ManifestDecoder`` (libyaml events → node tree with marks → typed decoding). Floor: libyaml's raw event parse
/// of the same bytes, which every decode pays first.
public struct YAMLScenario: Sendable {
    /// The bytes to decode and their name in the results.
    public var name: String
    public var bytes: [UInt8]
    /// How many times the bytes are decoded (small inputs are repeated to get a measurable time).
    public var repetitions: Int

    public init(name: String, bytes: [UInt8], repetitions: Int) {
        self.name = name
        self.bytes = bytes
        self.repetitions = repetitions
    }

    public struct Outcome: Sendable {
        public var megabytesPerSecond: Double
        public var floorMegabytesPerSecond: Double
        public var objects: Int
    }

    public func run() -> Outcome {
        let decoder = ManifestDecoder(
            registry: KindRegistry.builtIn,
            adapters: AzureMLAdapters.all,
            limits: YAMLLimits(maxBytes: max(bytes.count + 1, YAMLLimits.default.maxBytes))
        )
        let clock = ContinuousClock()
        var objects = 0
        let decodeStart = clock.now
        for _ in 0..<repetitions {
            objects = decoder.decode(bytes: bytes, file: name).objects.count
        }
        let decodeSeconds = (clock.now - decodeStart).seconds
        let floorStart = clock.now
        var events = 0
        for _ in 0..<repetitions { events &+= Self.rawEventCount(bytes) }
        let floorSeconds = (clock.now - floorStart).seconds
        if events == Int.min { print(events) }
        let megabytes = Double(bytes.count * repetitions) / 1_000_000
        return Outcome(
            megabytesPerSecond: decodeSeconds > 0 ? megabytes / decodeSeconds : 0,
            floorMegabytesPerSecond: floorSeconds > 0 ? megabytes / floorSeconds : 0,
            objects: objects
        )
    }

    /// Parses `bytes` with libyaml's event API and counts the events: the floor.
    static func rawEventCount(_ bytes: [UInt8]) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return 0 }
        defer { yaml_parser_delete(&parser) }
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                count += 1
                if done { break }
            }
        }
        return count
    }

    /// A generated multi-document file of about `targetBytes`: instance types, jobs and pods in turn.
    public static func generatedManifests(targetBytes: Int) -> [UInt8] {
        var text = ""
        var index = 0
        while text.utf8.count < targetBytes {
            switch index % 3 {
            case 0:
                text += """
                    apiVersion: amlarc.azureml.com/v1alpha1
                    kind: InstanceType
                    metadata:
                      name: it-\(index)
                      labels: {team: ml, size: large}
                    spec:
                      nodeSelector:
                        pool: gpu
                      resources:
                        requests: {cpu: "4", memory: 16Gi, nvidia.com/gpu: 1}
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: 1}
                    ---

                    """
            case 1:
                text += """
                    $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
                    name: job-\(index)
                    type: command
                    command: python train.py --epochs 10 --lr 0.001
                    compute: azureml:local-k8s
                    environment: {image: "python:3.11"}
                    resources:
                      instance_type: gpu-a100
                      instance_count: 2
                    distribution:
                      type: pytorch
                      process_count_per_instance: 1
                    environment_variables: {EPOCHS: "10"}
                    ---

                    """
            default:
                text += """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: pod-\(index)
                      namespace: default
                      labels: {app: web}
                    spec:
                      nodeSelector: {pool: cpu}
                      containers:
                      - name: main
                        image: busybox
                        command: [sleep, "3600"]
                        resources:
                          requests: {cpu: 250m, memory: 256Mi}
                          limits: {cpu: 500m, memory: 512Mi}
                    ---

                    """
            }
            index += 1
        }
        return Array(text.utf8)
    }
}
