/// How a job's processes are spread over its instances, and so which environment each framework gets (PyTorch:
/// `MASTER_ADDR`, `WORLD_SIZE`, `RANK`…; MPI: rank and size; TensorFlow: `TF_CONFIG`).
public enum JobDistribution: Sendable, Hashable {
    /// `process_count_per_instance` defaults to 1.
    case pyTorch(processCountPerInstance: Int)
    /// `process_count_per_instance` is required.
    case mpi(processCountPerInstance: Int)
    /// `worker_count` defaults to the instance count, `parameter_server_count` to 0.
    case tensorFlow(workerCount: Int, parameterServerCount: Int)

    /// The `type` values, as Azure ML writes them.
    public static let types = ["pytorch", "mpi", "tensorflow"]

    /// The `type` value.
    public var type: String {
        switch self {
        case .pyTorch: return "pytorch"
        case .mpi: return "mpi"
        case .tensorFlow: return "tensorflow"
        }
    }

    /// Reads a `distribution` block; `instanceCount` gives TensorFlow's default worker count.
    public static func decode(_ r: MappingReader, naming: FieldNaming, instanceCount: Int) -> JobDistribution? {
        guard let typeText = r.string("type", required: true) else { return nil }
        func count(_ name: String, minimum: Int64, required: Bool = false) -> Int? {
            let key = naming(name)
            guard let value = r.int(key, required: required) else { return nil }
            guard value >= minimum, value <= Int64(Int32.max) else {
                r.context.error(
                    r.path.child(key),
                    r.mark(key),
                    "Invalid value: \(value): must be greater than or equal to \(minimum)"
                )
                return nil
            }
            return Int(value)
        }
        switch typeText.lowercased() {
        case "pytorch":
            return .pyTorch(processCountPerInstance: count("processCountPerInstance", minimum: 1) ?? 1)
        case "mpi":
            guard let processes = count("processCountPerInstance", minimum: 1, required: true) else { return nil }
            return .mpi(processCountPerInstance: processes)
        case "tensorflow":
            return .tensorFlow(
                workerCount: count("workerCount", minimum: 1) ?? instanceCount,
                parameterServerCount: count("parameterServerCount", minimum: 0) ?? 0
            )
        default:
            r.context.notSupported(r.path.child("type"), r.mark("type"), value: typeText, supported: types)
            return nil
        }
    }

    /// The block as Skiff's Job prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["type"] = .string(type)
        switch self {
        case .pyTorch(let processes), .mpi(let processes):
            o["processCountPerInstance"] = .int(Int64(processes))
        case .tensorFlow(let workers, let parameterServers):
            o["workerCount"] = .int(Int64(workers))
            o["parameterServerCount"] = .int(Int64(parameterServers))
        }
        return .object(o)
    }
}
