/// How the scheduler behaves; the defaults are kube-scheduler's default profile.
public struct SchedulerConfiguration: Sendable {
    /// Pods whose `spec.schedulerName` is this are scheduled (`default-scheduler`).
    public var schedulerName: String
    /// NodeResourcesFit's scoring: least-allocated spreads, most-allocated packs (add `nvidia.com/gpu` to
    /// ``scoringResources`` to pack GPUs).
    public var scoringStrategy: ScoringStrategy
    /// The resources NodeResourcesFit scores on, with weights (cpu and memory, 1 each).
    public var scoringResources: [ResourceWeight]
    /// Whether a pod that fits nowhere may preempt lower-priority pods (kube-scheduler's DefaultPreemption).
    public var preemption: Bool
    /// Resources whose units are devices with indices (`nvidia.com/gpu`).
    public var deviceResources: [ResourceName]
    /// The pods a node allows when its allocatable does not say (the kubelet's 110).
    public var defaultPodsAllocatable: Int64
    /// The queue's backoff and flush timings.
    public var queue: SchedulingQueue.Configuration
    /// The seed of the generator that breaks ties between equally scored nodes (reproducible placements).
    public var tieBreakSeed: UInt64
    /// How many device ledger entries are kept.
    public var deviceLedgerCapacity: Int
    /// The time source.
    public var clock: any SchedulerClock
    /// Whether placements are bound apart from the scheduling cycle, in bursts (kube-scheduler's asynchronous
    /// binding cycle): the next pod is scheduled while earlier ones are written, and a durable store commits a
    /// burst in one transaction. When false, a cycle returns only after its binding.
    public var bindInBackground: Bool
    /// Whether pods of the same shape share filter verdicts and raw scores from cycle to cycle, each cycle judging
    /// again only the nodes that changed (``ShapeScores``); placements are the same either way.
    public var sharesScoresByShape: Bool
    /// Receives `Scheduled`, `FailedScheduling` and `Preempted` events, to be recorded as Kubernetes events.
    public var eventSink: (@Sendable (SchedulerEvent) -> Void)?

    /// A configuration; every default is kube-scheduler's.
    public init(
        schedulerName: String = PodSpec.defaultSchedulerName,
        scoringStrategy: ScoringStrategy = .leastAllocated,
        scoringResources: [ResourceWeight] = ResourceWeight.defaults,
        preemption: Bool = true,
        deviceResources: [ResourceName] = [.nvidiaGPU],
        defaultPodsAllocatable: Int64 = 110,
        queue: SchedulingQueue.Configuration = SchedulingQueue.Configuration(),
        tieBreakSeed: UInt64 = 0,
        deviceLedgerCapacity: Int = 4096,
        clock: any SchedulerClock = SystemSchedulerClock(),
        bindInBackground: Bool = false,
        sharesScoresByShape: Bool = true,
        eventSink: (@Sendable (SchedulerEvent) -> Void)? = nil
    ) {
        self.schedulerName = schedulerName
        self.scoringStrategy = scoringStrategy
        self.scoringResources = scoringResources
        self.preemption = preemption
        self.deviceResources = deviceResources
        self.defaultPodsAllocatable = defaultPodsAllocatable
        self.queue = queue
        self.tieBreakSeed = tieBreakSeed
        self.deviceLedgerCapacity = deviceLedgerCapacity
        self.clock = clock
        self.bindInBackground = bindInBackground
        self.sharesScoresByShape = sharesScoresByShape
        self.eventSink = eventSink
    }

    /// Packs pods, GPUs first: most-allocated scoring over cpu, memory and `nvidia.com/gpu` (weight 5).
    public static func packingGPUs() -> SchedulerConfiguration {
        var configuration = SchedulerConfiguration()
        configuration.scoringStrategy = .mostAllocated
        configuration.scoringResources = ResourceWeight.defaults + [ResourceWeight(.nvidiaGPU, weight: 5)]
        return configuration
    }
}
