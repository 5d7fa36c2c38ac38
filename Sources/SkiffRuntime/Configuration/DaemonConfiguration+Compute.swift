extension DaemonConfiguration {
    /// The `compute:` section: how compute clusters (AmlCompute) get their nodes.
    ///
    /// ```yaml
    /// compute:
    ///   provisioningDelaySeconds: 90      # how long a new node is `preparing`
    ///   quotas: {standardDSv2Family: 24}  # vCPUs per VM family (all clusters together); absent = unlimited
    ///   preemptionRate: 0.5               # random preemptions per low-priority node per hour (rehearsals)
    ///   provider: virtual                 # or exec
    ///   exec: {create: /usr/local/bin/make-node, delete: /usr/local/bin/drop-node}
    /// ```
    public struct ComputeSettings: Sendable, Hashable {
        /// The node providers compute clusters can use.
        public static let providers = ["virtual", "exec"]

        /// Seconds a new node stays `preparing` before it takes pods.
        public var provisioningDelaySeconds: Int
        /// vCPU quota per VM family, keyed by the family's normalized name (lowercased, no whitespace).
        public var quotas: [String: Int]
        /// Random preemptions per low-priority node per hour; 0 never preempts.
        public var preemptionRate: Double
        /// `virtual` (simulated nodes) or `exec` (commands create and delete nodes).
        public var provider: String
        /// The exec provider's create command (run through `/bin/sh -c`).
        public var execCreate: String
        /// The exec provider's delete command.
        public var execDelete: String
        /// How often the exec provider tries a create before the node is `unusable`.
        public var execAttempts: Int

        public init(
            provisioningDelaySeconds: Int = 0,
            quotas: [String: Int] = [:],
            preemptionRate: Double = 0,
            provider: String = "virtual",
            execCreate: String = "",
            execDelete: String = "",
            execAttempts: Int = 3
        ) {
            self.provisioningDelaySeconds = provisioningDelaySeconds
            self.quotas = quotas
            self.preemptionRate = preemptionRate
            self.provider = provider
            self.execCreate = execCreate
            self.execDelete = execDelete
            self.execAttempts = execAttempts
        }

        /// The quota of `family` (any spelling), nil when unlimited.
        public func quota(family: String) -> Int? {
            let wanted = VMSizeCatalog.normalizedFamily(family)
            return quotas[wanted] ?? quotas.first { VMSizeCatalog.normalizedFamily($0.key) == wanted }?.value
        }

        /// Reads the section; problems go to the reader's context with their line and column.
        static func read(_ r: MappingReader, context: DecodeContext) -> ComputeSettings {
            var settings = ComputeSettings()
            if let delay = r.int("provisioningDelaySeconds") {
                if delay < 0 || delay > 86_400 {
                    context.invalid(r.path.child("provisioningDelaySeconds"), r.mark("provisioningDelaySeconds"),
                                    value: String(delay), "must be between 0 and 86400")
                } else {
                    settings.provisioningDelaySeconds = Int(delay)
                }
            }
            if let quotas = r.stringMap("quotas", lenient: true) {
                for (family, text) in quotas {
                    guard let vcpus = Int(text), vcpus >= 0 else {
                        context.invalid(r.path.child("quotas").child(family), r.mark("quotas"), value: text,
                                        "must be a whole number of vCPUs")
                        continue
                    }
                    settings.quotas[VMSizeCatalog.normalizedFamily(family)] = vcpus
                }
            }
            if let text = r.string("preemptionRate", lenient: true) {
                if let rate = Double(text), rate >= 0, rate.isFinite {
                    settings.preemptionRate = rate
                } else {
                    context.invalid(r.path.child("preemptionRate"), r.mark("preemptionRate"), value: text,
                                    "must be a number of preemptions per node per hour, 0 or more")
                }
            }
            settings.provider = r.enumeration("provider", providers) ?? settings.provider
            _ = r.mapping("exec") { e in
                settings.execCreate = e.string("create") ?? ""
                settings.execDelete = e.string("delete") ?? ""
                if let attempts = e.int("attempts") { settings.execAttempts = max(1, Int(attempts)) }
                e.finish()
                return ()
            }
            return settings
        }
    }
}
