/// Settings of the process runtime.
public struct ProcessPodRuntimeConfiguration: Sendable, Hashable {
    /// The state directory; pod `<uid>` lives in `pods/<uid>/` under it (`work/` is the default working directory,
    /// `logs/` the container logs, `run/` what the runtime writes down to find its processes after a restart).
    public var stateDirectory: String
    /// The size at which a container log is rotated (the kubelet's `containerLogMaxSize`, 10 MiB by default).
    public var maxLogBytes: Int64
    /// How often running containers' logs are checked against ``maxLogBytes``.
    public var logCheckInterval: Duration
    /// How often a followed log is polled for new output.
    public var followPollInterval: Duration
    /// How often a process found again after a daemon restart (not the daemon's child, so not waitable) is checked.
    public var adoptedPollInterval: Duration
    /// `PATH` for containers that do not set one.
    public var path: String
    /// The POSIX shell that runs each container's script (and the shim around it).
    public var shell: String
    /// The first restart back-off (the kubelet's 10 s); each further restart doubles it.
    public var initialRestartBackoff: Duration
    /// The longest restart back-off (the kubelet's 5 min).
    public var maxRestartBackoff: Duration

    /// A configuration with the kubelet's defaults.
    public init(
        stateDirectory: String,
        maxLogBytes: Int64 = 10 << 20,
        logCheckInterval: Duration = .seconds(10),
        followPollInterval: Duration = .milliseconds(200),
        adoptedPollInterval: Duration = .seconds(1),
        path: String = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        shell: String = "/bin/sh",
        initialRestartBackoff: Duration = .seconds(10),
        maxRestartBackoff: Duration = .seconds(300)
    ) {
        self.stateDirectory = stateDirectory
        self.maxLogBytes = maxLogBytes
        self.logCheckInterval = logCheckInterval
        self.followPollInterval = followPollInterval
        self.adoptedPollInterval = adoptedPollInterval
        self.path = path
        self.shell = shell
        self.initialRestartBackoff = initialRestartBackoff
        self.maxRestartBackoff = maxRestartBackoff
    }
}
