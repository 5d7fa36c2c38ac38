import SkiffScheduler

/// What `skiffctl plan` found: where every pod landed, why the others did not, and each job's status.
public struct PlanReport: Sendable, Hashable {
    /// A pod bound to a node.
    public struct Placement: Sendable, Hashable {
        public var namespace: String
        public var pod: String
        public var node: String
        /// Device indices per resource (`nvidia.com/gpu: ["0"]`).
        public var devices: [String: [String]]
        /// The pod's phase at the end of the run (`Running`, `Succeeded`, …).
        public var phase: String
    }

    /// A pod that was not placed.
    public struct Pending: Sendable, Hashable {
        public var namespace: String
        public var pod: String
        /// The scheduler's `PodScheduled=False` message, or why the pod was never tried.
        public var message: String
    }

    /// A job's outcome.
    public struct JobOutcome: Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var status: String
        public var message: String
    }

    /// The nodes a compute cluster created during the plan (`min_instances` included).
    public struct ScaleUp: Sendable, Hashable {
        public var compute: String
        public var nodes: Int

        public init(compute: String, nodes: Int) {
            self.compute = compute
            self.nodes = nodes
        }
    }

    public var placements: [Placement] = []
    public var scaleUps: [ScaleUp] = []
    public var pending: [Pending] = []
    public var jobs: [JobOutcome] = []
    /// Every manifest error, `FILE:LINE:COLUMN: message`.
    public var errors: [String] = []
    /// How much simulated time the run covered.
    public var simulated: Duration = .zero

    public init() {}

    /// `{"placements":[{"namespace","pod","node","devices"}],"pending":[{"namespace","pod","message"}],
    /// "jobs":[{"namespace","name","status","message"}],"scaleUps":[{"compute","nodes"}]}`.
    public var json: JSONValue {
        .object([
            "placements": .array(
                placements.map { placement in
                    var devices = JSONObject()
                    for (resource, indices) in placement.devices.sorted(by: { $0.key < $1.key }) {
                        devices[resource] = .strings(indices)
                    }
                    return .object([
                        "namespace": .string(placement.namespace),
                        "pod": .string(placement.pod),
                        "node": .string(placement.node),
                        "devices": .object(devices),
                    ])
                }
            ),
            "pending": .array(
                pending.map {
                    .object([
                        "namespace": .string($0.namespace), "pod": .string($0.pod), "message": .string($0.message),
                    ])
                }
            ),
            "jobs": .array(
                jobs.map {
                    .object([
                        "namespace": .string($0.namespace), "name": .string($0.name), "status": .string($0.status),
                        "message": .string($0.message),
                    ])
                }
            ),
            "scaleUps": .array(
                scaleUps.map { .object(["compute": .string($0.compute), "nodes": .int(Int64($0.nodes))]) }
            ),
        ])
    }

    /// Tables for people: placements, pending pods, jobs.
    public var text: String {
        var out = ""
        if placements.isEmpty {
            out += "No pod was placed.\n"
        } else {
            let rows = placements.map { placement -> [String] in
                let devices = placement.devices.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\($0.value.joined(separator: ","))" }.joined(separator: ";")
                return [placement.namespace, placement.pod, placement.node, devices.isEmpty ? "<none>" : devices,
                    placement.phase]
            }
            out += Table(columns: ["NAMESPACE", "POD", "NODE", "DEVICES", "PHASE"], rows: rows).rendered()
        }
        if !pending.isEmpty {
            out += "\nPending:\n"
            out += Table(
                columns: ["NAMESPACE", "POD", "WHY"],
                rows: pending.map { [$0.namespace, $0.pod, $0.message] }
            ).rendered()
        }
        if !scaleUps.isEmpty {
            out += "\nScale-ups:\n"
            let rows = scaleUps.map { [$0.compute, String($0.nodes)] }
            out += Table(columns: ["COMPUTE", "NODES"], rows: rows).rendered()
        }
        if !jobs.isEmpty {
            out += "\nJobs:\n"
            out += Table(
                columns: ["NAMESPACE", "NAME", "STATUS", "MESSAGE"],
                rows: jobs.map { [$0.namespace, $0.name, $0.status, $0.message] }
            ).rendered()
        }
        return out
    }
}
