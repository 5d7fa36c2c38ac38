/// Everything `skiffd` can be told, read from `skiffd.yaml` (every key optional) and overridden by flags.
public struct DaemonConfiguration: Sendable, Hashable {
    /// The watched folder of desired state.
    public var manifests: String
    /// Where observed state lives.
    public var stateDir: String
    /// The Unix socket of the API (for `skiffctl`).
    public var socket: String
    /// The group that owns the API socket (a name or a numeric id); members may use `skiffctl`. The socket is
    /// mode `0660`; nil leaves it the daemon's own group.
    public var socketGroup: String?
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var logLevel: String
    /// How long the folder watcher waits for a burst of events to settle, in milliseconds.
    public var debounceMilliseconds: Int
    /// Reconcile workers per controller.
    public var workers: Int
    /// Limits on every manifest file.
    public var limits: YAMLLimits
    /// The most bytes of manifests in force at once, over the whole folder (`limits.maxTotalBytes`).
    public var maxTotalManifestBytes: Int = 512 * 1024 * 1024
    /// The local node: whether it runs, and how it describes itself.
    public var node: NodeSettings
    /// How pods are placed.
    public var scheduler: SchedulerSettings
    /// How compute clusters get nodes.
    public var compute: ComputeSettings = ComputeSettings()
    /// The HTTPS listener (`DaemonConfiguration+API.swift`).
    public var api: APISettings = APISettings()

    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public init(
        manifests: String = "/etc/skiff/manifests",
        stateDir: String = "/var/lib/skiff",
        socket: String = "/run/skiff/skiffd.sock",
        logLevel: String = "info",
        debounceMilliseconds: Int = 20,
        workers: Int = 2,
        limits: YAMLLimits = .default,
        node: NodeSettings = NodeSettings(),
        scheduler: SchedulerSettings = SchedulerSettings()
    ) {
        self.manifests = manifests
        self.stateDir = stateDir
        self.socket = socket
        self.logLevel = logLevel
        self.debounceMilliseconds = debounceMilliseconds
        self.workers = workers
        self.limits = limits
        self.node = node
        self.scheduler = scheduler
    }

    /// Reads a configuration file's text; every error carries its line and column.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> DaemonConfiguration {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLParser(limits: YAMLLimits(maxBytes: 1 << 20)).parse(text, file: file)
        } catch {
            throw ConfigurationError(errors: [FieldError(file: file, mark: error.mark, path: "", message: error.message)])
        }
        var config = DaemonConfiguration()
        guard let root = documents.first?.root else { return config }
        let context = DecodeContext(file: file)
        if let r = MappingReader(root, path: FieldPath(), context: context) {
            config.manifests = r.string("manifests") ?? config.manifests
            config.stateDir = r.string("stateDir") ?? config.stateDir
            config.socket = r.string("socket") ?? config.socket
            config.socketGroup = r.string("socketGroup") ?? config.socketGroup
            config.logLevel = r.enumeration("logLevel", logLevels) ?? config.logLevel
            if let ms = r.int("debounceMilliseconds") {
                if ms < 0 || ms > 10_000 {
                    context.invalid(FieldPath("debounceMilliseconds"), r.mark("debounceMilliseconds"), value: String(ms), "must be between 0 and 10000")
                } else {
                    config.debounceMilliseconds = Int(ms)
                }
            }
            if let workers = r.int("workers") {
                if workers < 1 || workers > 64 {
                    context.invalid(FieldPath("workers"), r.mark("workers"), value: String(workers), "must be between 1 and 64")
                } else {
                    config.workers = Int(workers)
                }
            }
            _ = r.mapping("limits") { l in
                func positive(_ key: String) -> Int? {
                    guard let v = l.int(key) else { return nil }
                    if v < 1 {
                        context.invalid(l.path.child(key), l.mark(key), value: String(v), "must be positive")
                        return nil
                    }
                    return Int(v)
                }
                config.limits.maxBytes = positive("maxFileBytes") ?? config.limits.maxBytes
                config.limits.maxDepth = positive("maxDepth") ?? config.limits.maxDepth
                config.limits.maxDocuments = positive("maxDocuments") ?? config.limits.maxDocuments
                config.limits.maxAliasExpansion = positive("maxAliasExpansion") ?? config.limits.maxAliasExpansion
                config.maxTotalManifestBytes = positive("maxTotalBytes") ?? config.maxTotalManifestBytes
                return ()
            }
            _ = r.mapping("node") { n in
                config.node = NodeSettings.read(n, context: context)
                return ()
            }
            _ = r.mapping("scheduler") { s in
                config.scheduler = SchedulerSettings.read(s, context: context)
                return ()
            }
            _ = r.mapping("compute") { c in
                config.compute = ComputeSettings.read(c, context: context)
                return ()
            }
            _ = r.mapping("api") { a in
                config.api = APISettings.read(a, context: context)
                return ()
            }
            r.finish()
        }
        if context.hasErrors { throw ConfigurationError(errors: context.errors) }
        return config
    }
}

/// A configuration file that cannot be used, with every problem in it.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
