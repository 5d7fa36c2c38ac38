import Foundation
import SkiffAPI
import SkiffStore

/// `memory`: resident memory of the store holding `instanceTypes` instance types and as many jobs (decoded from
/// manifests, as the loader does), then with `nodes` nodes and `pods` pods added. Measured as the growth of the
/// process's resident set (`VmRSS`) from before the objects were made, so run it in a fresh process
/// (`skiff-bench --scenario memory`). Floor: the size of the same objects as compact JSON, the data itself.
public struct MemoryScenario: Sendable {
    public var instanceTypes: Int
    public var nodes: Int
    public var pods: Int

    public init(instanceTypes: Int, nodes: Int, pods: Int) {
        self.instanceTypes = instanceTypes
        self.nodes = nodes
        self.pods = pods
    }

    public struct Outcome: Sendable {
        /// Megabytes (10^6 bytes) of resident memory added, and of JSON.
        public var objectsMB: Double
        public var objectsFloorMB: Double
        public var withClusterMB: Double
        public var withClusterFloorMB: Double
        public var peakMB: Double
    }

    public func run() throws -> Outcome {
        let baseline = Self.residentBytes(field: "VmRSS")
        let store = MemoryStore()
        let decoder = ManifestDecoder(registry: KindRegistry.builtIn, adapters: AzureMLAdapters.all)
        var jsonBytes = 0
        func add(_ object: some APIObject) throws {
            let stored = try store.create(object)
            var out: [UInt8] = []
            stored.encoded().write(to: &out, pretty: false, indent: 0)
            jsonBytes += out.count
        }
        for index in 0..<instanceTypes {
            let text = FileToStatusScenario.instanceType("it-\(index)") + "---\n" + Self.job(index)
            for item in decoder.decode(bytes: Array(text.utf8), file: "memory.yaml").objects {
                try add(item.object)
            }
        }
        let objectsBytes = Self.residentBytes(field: "VmRSS") - baseline
        let objectsJSON = jsonBytes
        for index in 0..<nodes { try add(ScheduleScenario.node(index)) }
        for index in 0..<pods {
            var pod = ScheduleScenario.pod(index, gangEvery: 0, prefix: "p")
            pod.spec.nodeName = "node-\(index % max(1, nodes))"
            try add(pod)
        }
        let allBytes = Self.residentBytes(field: "VmRSS") - baseline
        withExtendedLifetime(store) {}
        return Outcome(
            objectsMB: Double(max(0, objectsBytes)) / 1e6,
            objectsFloorMB: Double(objectsJSON) / 1e6,
            withClusterMB: Double(max(0, allBytes)) / 1e6,
            withClusterFloorMB: Double(jsonBytes) / 1e6,
            peakMB: Double(Self.residentBytes(field: "VmHWM")) / 1e6
        )
    }

    static func job(_ index: Int) -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        name: job-\(index)
        type: command
        command: python train.py --epochs 10
        compute: azureml:local-k8s
        environment: {image: "python:3.11"}
        resources:
          instance_type: gpu-a100
          instance_count: 2
        environment_variables: {EPOCHS: "10"}

        """
    }

    /// A `/proc/self/status` field in bytes (`VmRSS`: now; `VmHWM`: the peak).
    static func residentBytes(field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.split(separator: " ").dropFirst().first { Int($0) != nil }
            return (digits.flatMap { Int($0) } ?? 0) * 1024
        }
        return 0
    }
}
