/// The state of one container (Kubernetes' `v1.ContainerState`): at most one of `waiting`, `running` and
/// `terminated` is set; none means the state is not known yet.
public struct ContainerState: Sendable, Hashable {
    /// Not running yet (`ContainerCreating`, `CrashLoopBackOff`, …).
    public struct Waiting: Sendable, Hashable {
        /// CamelCase, machine-readable reason.
        public var reason: String
        /// Human-readable detail.
        public var message: String

        /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
        public init(reason: String = "", message: String = "") {
            self.reason = reason
            self.message = message
        }
    }

    /// Running since `startedAt`.
    public struct Running: Sendable, Hashable {
        /// When the container started.
        public var startedAt: Timestamp?

        /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
        public init(startedAt: Timestamp? = nil) {
            self.startedAt = startedAt
        }
    }

    /// Exited.
    public struct Terminated: Sendable, Hashable {
        /// The process's exit status.
        public var exitCode: Int32
        /// The signal that killed the process, 0 if none.
        public var signal: Int32
        /// `Completed`, `Error`, `OOMKilled`, …
        public var reason: String
        /// Human-readable detail.
        public var message: String
        /// When the container started.
        public var startedAt: Timestamp?
        /// When the container exited.
        public var finishedAt: Timestamp?
        /// The runtime's id of the container.
        public var containerID: String

        /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
        public init(
            exitCode: Int32,
            signal: Int32 = 0,
            reason: String = "",
            message: String = "",
            startedAt: Timestamp? = nil,
            finishedAt: Timestamp? = nil,
            containerID: String = ""
        ) {
            self.exitCode = exitCode
            self.signal = signal
            self.reason = reason
            self.message = message
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.containerID = containerID
        }
    }

    /// Set while the container is not running yet.
    public var waiting: Waiting?
    /// Set while the container runs.
    public var running: Running?
    /// Set once the container has exited.
    public var terminated: Terminated?

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(waiting: Waiting? = nil, running: Running? = nil, terminated: Terminated? = nil) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }

    /// A waiting state.
    public static func waiting(reason: String, message: String = "") -> ContainerState {
        ContainerState(waiting: Waiting(reason: reason, message: message))
    }

    /// A running state.
    public static func running(since startedAt: Timestamp?) -> ContainerState {
        ContainerState(running: Running(startedAt: startedAt))
    }

    /// A terminated state.
    public static func terminated(_ terminated: Terminated) -> ContainerState {
        ContainerState(terminated: terminated)
    }
}

extension ContainerState {
    static func decode(_ r: MappingReader) -> ContainerState {
        ContainerState(
            waiting: r.mapping("waiting") { w in
                Waiting(reason: w.string("reason") ?? "", message: w.string("message") ?? "")
            },
            running: r.mapping("running") { Running(startedAt: $0.timestamp("startedAt")) },
            terminated: r.mapping("terminated") { t in
                Terminated(
                    exitCode: t.int32("exitCode") ?? 0,
                    signal: t.int32("signal") ?? 0,
                    reason: t.string("reason") ?? "",
                    message: t.string("message") ?? "",
                    startedAt: t.timestamp("startedAt"),
                    finishedAt: t.timestamp("finishedAt"),
                    containerID: t.string("containerID") ?? ""
                )
            }
        )
    }

    /// The state as Kubernetes prints it (`{}` when unknown; zero times as `null`).
    public var encoded: JSONValue {
        var o = JSONObject()
        if let waiting {
            var w = JSONObject()
            w.put("reason", nonEmpty: waiting.reason)
            w.put("message", nonEmpty: waiting.message)
            o["waiting"] = .object(w)
        }
        if let running {
            o["running"] = .object(["startedAt": running.startedAt.map { .string($0.rfc3339) } ?? .null])
        }
        if let terminated {
            var t = JSONObject()
            t["exitCode"] = .int(Int64(terminated.exitCode))
            if terminated.signal != 0 { t["signal"] = .int(Int64(terminated.signal)) }
            t.put("reason", nonEmpty: terminated.reason)
            t.put("message", nonEmpty: terminated.message)
            t["startedAt"] = terminated.startedAt.map { .string($0.rfc3339) } ?? .null
            t["finishedAt"] = terminated.finishedAt.map { .string($0.rfc3339) } ?? .null
            t.put("containerID", nonEmpty: terminated.containerID)
            o["terminated"] = .object(t)
        }
        return .object(o)
    }
}
