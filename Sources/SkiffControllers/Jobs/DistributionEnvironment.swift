import Foundation

/// The processes of each pod of a job and the environment each framework expects, with Azure ML's semantics.
/// Every pod of the machine shares the loopback interface, so rendezvous addresses are `127.0.0.1`.
///
/// - No distribution: one process per pod.
/// - PyTorch: `process_count_per_instance` processes per pod, each with `MASTER_ADDR`, `MASTER_PORT`,
///   `WORLD_SIZE` (instances × processes), `RANK` (node rank × processes + local rank), `NODE_RANK`,
///   `LOCAL_RANK` and `LOCAL_WORLD_SIZE` (as torchrun sets it).
/// - MPI: `process_count_per_instance` processes per pod with `OMPI_COMM_WORLD_RANK`, `OMPI_COMM_WORLD_SIZE`,
///   `OMPI_COMM_WORLD_LOCAL_RANK`, `OMPI_COMM_WORLD_LOCAL_SIZE`, `OMPI_COMM_WORLD_NODE_RANK`, and the hostfile's
///   path in `AZ_BATCHAI_MPI_HOST_FILE`.
/// - TensorFlow: `worker_count` worker tasks then `parameter_server_count` ps tasks, dealt over the pods in turn
///   (task t runs in pod t mod instance_count), each a process with `TF_CONFIG` =
///   `{"cluster":{"worker":[…],"ps":[…]},"task":{"type":…,"index":…}}`; task t listens on `127.0.0.1:port+t`.
enum DistributionEnvironment {
    /// The rendezvous port of a job: 29500 (PyTorch's default) plus a stable hash of the job's uid modulo 1000,
    /// so that jobs running at once on the machine rarely collide and a job keeps its port across restarts.
    static func masterPort(uid: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, stable across runs (unlike Hasher)
        for byte in uid.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return 29500 + Int(hash % 1000)
    }

    /// Checks that the distribution gives every pod at least one process.
    static func validate(_ job: Job) throws {
        guard case .tensorFlow(let workers, let parameterServers) = job.spec.distribution else { return }
        if workers + parameterServers < job.spec.instanceCount {
            throw JobRefusal(
                "InvalidDistribution",
                "tensorflow worker_count + parameter_server_count (\(workers + parameterServers)) is less than "
                    + "instance_count (\(job.spec.instanceCount)): some instances would run nothing"
            )
        }
    }

    /// The processes of pod `instance`.
    static func processes(of job: Job, instance: Int, port: Int, hostfile: String?) -> [JobProcess] {
        let instances = job.spec.instanceCount
        switch job.spec.distribution {
        case nil:
            return [JobProcess(name: "proc-0", environment: [])]
        case .pyTorch(let perInstance):
            return (0..<perInstance).map { local in
                JobProcess(
                    name: "proc-\(local)",
                    environment: [
                        EnvVar(name: "MASTER_ADDR", value: "127.0.0.1"),
                        EnvVar(name: "MASTER_PORT", value: String(port)),
                        EnvVar(name: "WORLD_SIZE", value: String(instances * perInstance)),
                        EnvVar(name: "RANK", value: String(instance * perInstance + local)),
                        EnvVar(name: "NODE_RANK", value: String(instance)),
                        EnvVar(name: "LOCAL_RANK", value: String(local)),
                        EnvVar(name: "LOCAL_WORLD_SIZE", value: String(perInstance)),
                    ]
                )
            }
        case .mpi(let perInstance):
            return (0..<perInstance).map { local in
                var environment = [
                    EnvVar(name: "OMPI_COMM_WORLD_RANK", value: String(instance * perInstance + local)),
                    EnvVar(name: "OMPI_COMM_WORLD_SIZE", value: String(instances * perInstance)),
                    EnvVar(name: "OMPI_COMM_WORLD_LOCAL_RANK", value: String(local)),
                    EnvVar(name: "OMPI_COMM_WORLD_LOCAL_SIZE", value: String(perInstance)),
                    EnvVar(name: "OMPI_COMM_WORLD_NODE_RANK", value: String(instance)),
                ]
                if let hostfile { environment.append(EnvVar(name: "AZ_BATCHAI_MPI_HOST_FILE", value: hostfile)) }
                return JobProcess(name: "proc-\(local)", environment: environment)
            }
        case .tensorFlow(let workers, let parameterServers):
            let tasks = tensorFlowTasks(workers: workers, parameterServers: parameterServers)
            let workerAddresses = (0..<workers).map { "127.0.0.1:\(port + $0)" }
            let psAddresses = (0..<parameterServers).map { "127.0.0.1:\(port + workers + $0)" }
            var cluster = JSONObject()
            cluster["worker"] = .strings(workerAddresses)
            if parameterServers > 0 { cluster["ps"] = .strings(psAddresses) }
            return stride(from: instance, to: tasks.count, by: instances).map { t in
                let task = tasks[t]
                let config: JSONValue = .object([
                    "cluster": .object(cluster),
                    "task": .object(["type": .string(task.type), "index": .int(Int64(task.index))]),
                ])
                return JobProcess(
                    name: "\(task.type)-\(task.index)",
                    environment: [EnvVar(name: "TF_CONFIG", value: config.serialized())]
                )
            }
        }
    }

    /// TensorFlow's tasks in order: the workers, then the parameter servers.
    static func tensorFlowTasks(workers: Int, parameterServers: Int) -> [(type: String, index: Int)] {
        (0..<workers).map { ("worker", $0) } + (0..<parameterServers).map { ("ps", $0) }
    }

    /// An OpenMPI hostfile for the job: one line per instance, all on the loopback address (every pod of the
    /// machine shares it; OpenMPI adds up the slots of a host listed several times).
    static func hostfile(of job: Job, podNames: [String]) -> String {
        guard case .mpi(let perInstance) = job.spec.distribution else { return "" }
        return podNames.map { "127.0.0.1 slots=\(perInstance) # \($0)\n" }.joined()
    }
}
