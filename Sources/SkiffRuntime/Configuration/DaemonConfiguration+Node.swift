extension DaemonConfiguration {
    /// The `node:` section: the local node the daemon runs pods on as real processes.
    public struct NodeSettings: Sendable, Hashable {
        /// Whether the daemon runs the local node at all (default true); without it only declared nodes exist.
        public var enabled: Bool
        /// The node's name; the host name in lower case (as the kubelet names a node) when nil.
        public var name: String?
        /// Labels added to the discovered ones (`kubernetes.io/*` and `nvidia.com/gpu.*` are always discovered).
        public var labels: [String: String]
        /// What the system keeps for itself: allocatable = capacity − this (the kubelet's `systemReserved`).
        public var systemReserved: ResourceList
        /// The `pods` capacity (the kubelet's `maxPods`, 110).
        public var maxPods: Int
        /// Advertise the GPUs as `nvidia.com/gpu` even when the extension does not install the device plugin
        /// (a device plugin is already present on the machine).
        public var devicePluginPresent: Bool
        /// Whether pods get cgroups enforcing their limits (default true; without, `LimitsEnforced=False`).
        public var cgroups: Bool

        /// The defaults: the local node enabled, named after the host, 110 pods, nothing reserved, cgroups on.
        public init(
            enabled: Bool = true,
            name: String? = nil,
            labels: [String: String] = [:],
            systemReserved: ResourceList = ResourceList(),
            maxPods: Int = 110,
            devicePluginPresent: Bool = false,
            cgroups: Bool = true
        ) {
            self.enabled = enabled
            self.name = name
            self.labels = labels
            self.systemReserved = systemReserved
            self.maxPods = maxPods
            self.devicePluginPresent = devicePluginPresent
            self.cgroups = cgroups
        }

        /// Reads the section; problems go to `context` with their line and column.
        static func read(_ r: MappingReader, context: DecodeContext) -> NodeSettings {
            var settings = NodeSettings()
            settings.enabled = r.bool("enabled") ?? settings.enabled
            if let name = r.string("name") {
                let problems = NameValidation.isDNS1123Subdomain(name)
                for problem in problems {
                    context.invalid(r.path.child("name"), r.mark("name"), value: name, problem)
                }
                if problems.isEmpty { settings.name = name }
            }
            for entry in Self.entries(r, "labels") {
                let problems =
                    NameValidation.isQualifiedName(entry.key).map { (entry.keyMark, entry.key, $0) }
                    + NameValidation.isValidLabelValue(entry.value).map { (entry.valueMark, entry.value, $0) }
                for (mark, value, problem) in problems {
                    context.invalid(r.path.child("labels").child(entry.key), mark, value: value, problem)
                }
                if problems.isEmpty { settings.labels[entry.key] = entry.value }
            }
            for entry in Self.entries(r, "systemReserved") {
                let path = r.path.child("systemReserved").child(entry.key)
                guard let quantity = Quantity.parse(entry.value) else {
                    context.invalid(
                        path,
                        entry.valueMark,
                        value: entry.value,
                        "quantities must match the regular expression "
                            + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
                    )
                    continue
                }
                guard quantity.sign >= 0 else {
                    context.invalid(path, entry.valueMark, value: entry.value, "must be greater than or equal to 0")
                    continue
                }
                settings.systemReserved[ResourceName(entry.key)] = quantity
            }
            if let pods = r.int("maxPods") {
                if pods < 1 || pods > 10_000 {
                    context.invalid(
                        r.path.child("maxPods"),
                        r.mark("maxPods"),
                        value: String(pods),
                        "must be between 1 and 10000"
                    )
                } else {
                    settings.maxPods = Int(pods)
                }
            }
            settings.devicePluginPresent = r.bool("devicePluginPresent") ?? settings.devicePluginPresent
            settings.cgroups = r.bool("cgroups") ?? settings.cgroups
            return settings
        }

        private struct Entry {
            var key: String
            var value: String
            var keyMark: Mark
            var valueMark: Mark
        }

        /// The scalar entries of a string map, with where each key and value is (any scalar's text is taken, so
        /// that `cpu: 1` reads as the quantity `1`).
        private static func entries(_ r: MappingReader, _ key: String) -> [Entry] {
            guard let node = r.node(key) else { return [] }
            guard case .mapping(let pairs) = node.content else {
                r.context.error(r.path.child(key), node.mark, "expected a mapping, found \(node.kindDescription)")
                return []
            }
            var result: [Entry] = []
            for pair in pairs {
                guard let k = pair.key.scalar?.value else {
                    r.context.error(
                        r.path.child(key),
                        pair.key.mark,
                        "expected a string key, found \(pair.key.kindDescription)"
                    )
                    continue
                }
                let path = r.path.child(key).child(k)
                guard let v = MappingReader.string(pair.value, path: path, context: r.context, lenient: true) else {
                    continue
                }
                result.append(Entry(key: k, value: v, keyMark: pair.key.mark, valueMark: pair.value.mark))
            }
            return result
        }
    }
}
