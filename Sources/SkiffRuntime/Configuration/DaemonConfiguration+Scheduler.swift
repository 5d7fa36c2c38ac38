extension DaemonConfiguration {
    /// The `scheduler:` section.
    public struct SchedulerSettings: Sendable, Hashable {
        /// kube-scheduler's NodeResourcesFit scoring strategies.
        public static let scoringStrategies = ["LeastAllocated", "MostAllocated"]

        /// `LeastAllocated` (spread, kube-scheduler's default) or `MostAllocated` (pack; also packs
        /// `nvidia.com/gpu`).
        public var scoringStrategy: String
        /// Whether a pending pod may preempt lower-priority pods (default true, as kube-scheduler).
        public var preemption: Bool

        /// kube-scheduler's defaults.
        public init(scoringStrategy: String = "LeastAllocated", preemption: Bool = true) {
            self.scoringStrategy = scoringStrategy
            self.preemption = preemption
        }

        /// Reads the section; problems go to the reader's context with their line and column.
        static func read(_ r: MappingReader, context: DecodeContext) -> SchedulerSettings {
            var settings = SchedulerSettings()
            settings.scoringStrategy = r.enumeration("scoringStrategy", scoringStrategies) ?? settings.scoringStrategy
            settings.preemption = r.bool("preemption") ?? settings.preemption
            return settings
        }
    }
}
