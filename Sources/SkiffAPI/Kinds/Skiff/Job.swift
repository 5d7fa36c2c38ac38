/// An Azure ML job (CLI v2 `type: command` or `type: sweep`): a command run on `instanceCount` instances of an
/// instance type on a compute, or a hyperparameter sweep of such trials. Namespaced. A job with more than one
/// instance is a gang: all its pods are placed together or none is.
public struct Job: APIObject {
    /// A command job or a hyperparameter sweep.
    public enum JobType: String, Sendable, Hashable, CaseIterable {
        case command
        case sweep
    }

    /// The job as Azure ML's CLI v2 declares it, in camelCase; `resources.*` are at the top.
    public struct Spec: Sendable, Equatable {
        /// `command` (default) or `sweep`.
        public var type: JobType
        /// The command of a command job (a sweep's is in ``trial``); `${{inputs.x}}` refers to inputs.
        public var command: String?
        /// A local path to the code folder.
        public var code: String?
        /// Required for command jobs (a sweep's is in ``trial``).
        public var environment: JobEnvironment?
        /// Extra environment of every process.
        public var environmentVariables: [String: String]
        /// The compute's name (`azureml:gpu-cluster` is read as `gpu-cluster`); nil to run on the machine's nodes.
        public var compute: String?
        /// The instance type; nil means the compute's default instance type.
        public var instanceType: String?
        /// At least 1; default 1.
        public var instanceCount: Int
        /// Docker shared memory (`<number><b|k|m|g>`); default `2g`.
        public var shmSize: String
        /// How processes spread over instances; nil for one process per instance.
        public var distribution: JobDistribution?
        /// Free-form, as Azure ML writes them.
        public var inputs: JSONObject
        /// Free-form, as Azure ML writes them.
        public var outputs: JSONObject
        /// The name the studio shows.
        public var displayName: String?
        /// The experiment the job is filed under.
        public var experimentName: String?
        public var description: String?
        /// Azure ML tags.
        public var tags: [String: String]
        /// Azure ML properties.
        public var properties: [String: String]
        /// Timeouts and, for sweeps, trial counts.
        public var limits: JobLimits
        /// Job tier and priority.
        public var queueSettings: JobQueueSettings?
        /// The identity the job runs as (`{type: managed | user_identity | aml_token, …}`), free-form.
        public var identity: JSONValue?
        /// Interactive services (`jupyter_lab`, `ssh`, …), free-form.
        public var services: JSONValue?
        // Sweep only.
        /// What each trial of a sweep runs.
        public var trial: JobTrial?
        /// How a sweep picks hyperparameters; default random.
        public var samplingAlgorithm: SamplingAlgorithm?
        /// Parameter name → `{type: choice | uniform | …, …}`, free-form.
        public var searchSpace: JSONObject
        /// The metric a sweep optimises.
        public var objective: SweepObjective?
        /// `{type: bandit | median_stopping | truncation_selection, …}`, free-form.
        public var earlyTermination: JSONValue?

        public init(type: JobType = .command) {
            self.type = type
            command = nil
            code = nil
            environment = nil
            environmentVariables = [:]
            compute = nil
            instanceType = nil
            instanceCount = 1
            shmSize = Job.defaultShmSize
            distribution = nil
            inputs = JSONObject()
            outputs = JSONObject()
            displayName = nil
            experimentName = nil
            description = nil
            tags = [:]
            properties = [:]
            limits = type == .sweep ? .sweepDefaults : JobLimits()
            queueSettings = nil
            identity = nil
            services = nil
            trial = nil
            samplingAlgorithm = type == .sweep ? SamplingAlgorithm(type: "random") : nil
            searchSpace = JSONObject()
            objective = nil
            earlyTermination = nil
        }
    }

    /// Where the job is in its life, as Azure ML names it (see ``Job/Phase``).
    public struct Status: Sendable, Equatable, EmptyInitializable {
        /// A ``Job/Phase`` raw value (`Queued`, `Starting`, `Running`, `Completed`, `Failed`, `Canceling`,
        /// `Canceled`); empty until the controller has seen the job.
        public var phase: String
        /// Why the job is in its phase (the refusal, the failed pod and its exit code, …).
        public var message: String
        /// When the job started running (its first pod running).
        public var startTime: Timestamp?
        /// When the job completed, failed or was canceled.
        public var endTime: Timestamp?
        /// When a cancel was asked for (`skiffctl cancel`); the controller then stops the pods.
        public var cancelRequested: Timestamp?
        /// Which attempt the current pods belong to (1 for the first).
        public var attempt: Int
        /// How many of the job's pods are in each phase.
        public var pods: JobPodCounts
        /// Observations in Kubernetes' form (`Resolved`, `Fits`, …).
        public var conditions: [Condition]
        /// A sweep's trials and best trial (sweeps only).
        public var sweep: SweepStatus?

        public init() {
            phase = ""
            message = ""
            startTime = nil
            endTime = nil
            cancelRequested = nil
            attempt = 0
            pods = JobPodCounts()
            conditions = []
            sweep = nil
        }

        /// The phase as a value, nil while empty or unknown.
        public var phaseValue: Phase? { Phase(rawValue: phase) }

        /// Whether the job is over (`Completed`, `Failed` or `Canceled`).
        public var isFinished: Bool { phaseValue?.isFinished ?? false }
    }

    /// Azure ML's default shared memory size.
    public static let defaultShmSize = "2g"

    public static let resource = ResourceType(
        group: "skiff.dev",
        version: "v1alpha1",
        kind: "Job",
        plural: "jobs",
        shortNames: ["amljob"],
        namespaced: true,
        categories: ["all", "skiff"]
    )

    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status

    public init(metadata: ObjectMeta, spec: Spec, status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// Whether the job's pods must be placed together (more than one instance).
    public var isGang: Bool { spec.instanceCount > 1 }

    public static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec", required: true) { r in
            let type = r.enumeration("type", JobType.allCases.map(\.rawValue)).flatMap(JobType.init(rawValue:))
            if r.has("type") && type == nil { return nil }
            return decode(r, naming: .camelCase, type: type ?? .command)
        }
    }

    public static func decodeStatus(from root: MappingReader) -> Status? {
        root.mapping("status") { r in
            var status = Status()
            status.phase = r.string("phase") ?? ""
            status.message = r.string("message") ?? ""
            status.startTime = r.timestamp("startTime")
            status.endTime = r.timestamp("endTime")
            status.cancelRequested = r.timestamp("cancelRequested")
            status.attempt = Int(clamping: r.int("attempt") ?? 0)
            status.pods = r.mapping("pods", JobPodCounts.decode) ?? JobPodCounts()
            status.conditions = r.mappingList("conditions", Condition.decode) ?? []
            status.sweep = r.json("sweep").flatMap(SweepStatus.init(json:))
            return status
        }
    }

    public func encodeStatus(into object: inout JSONObject) {
        var o = JSONObject()
        o.put("phase", nonEmpty: status.phase)
        o.put("message", nonEmpty: status.message)
        o.put("startTime", status.startTime.map { .string($0.rfc3339) })
        o.put("endTime", status.endTime.map { .string($0.rfc3339) })
        o.put("cancelRequested", status.cancelRequested.map { .string($0.rfc3339) })
        if status.attempt > 0 { o["attempt"] = .int(Int64(status.attempt)) }
        if status.pods != JobPodCounts() { o["pods"] = status.pods.encoded }
        o.put("conditions", nonEmpty: status.conditions.map(\.encoded))
        o.put("sweep", status.sweep?.encoded)
        object.put("status", nonEmpty: o)
    }
}
