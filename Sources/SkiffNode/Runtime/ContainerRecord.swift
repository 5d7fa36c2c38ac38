import Foundation

/// What the process runtime writes down about a container, so that a restarted daemon finds its processes again:
/// `run/<container>.json` in the pod's folder, rewritten at every start and exit.
struct ContainerRecord: Codable, Sendable, Hashable {
    /// A terminated state, as stored.
    struct Termination: Codable, Sendable, Hashable {
        var exitCode: Int32
        var signal: Int32
        var reason: String
        var message: String
        var startedAt: Int64?
        var finishedAt: Int64?
        var containerID: String

        init(_ terminated: ContainerState.Terminated) {
            exitCode = terminated.exitCode
            signal = terminated.signal
            reason = terminated.reason
            message = terminated.message
            startedAt = terminated.startedAt?.seconds
            finishedAt = terminated.finishedAt?.seconds
            containerID = terminated.containerID
        }

        var state: ContainerState.Terminated {
            ContainerState.Terminated(
                exitCode: exitCode,
                signal: signal,
                reason: reason,
                message: message,
                startedAt: startedAt.map(Timestamp.init(seconds:)),
                finishedAt: finishedAt.map(Timestamp.init(seconds:)),
                containerID: containerID
            )
        }
    }

    /// The shim's pid, which is also its process group and session.
    var pid: Int32?
    /// The shim's start time in clock ticks, to tell it from a later process with the same pid.
    var startTicks: UInt64?
    /// When the current run started.
    var startedAt: Int64?
    /// Restarts so far.
    var restartCount: Int32
    /// How the current run ended, once it has.
    var terminated: Termination?
    /// How the previous run ended.
    var lastTerminated: Termination?

    static func load(_ path: String) -> ContainerRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(ContainerRecord.self, from: data)
    }

    /// Writes the record atomically (temporary file and rename), so a crash leaves the old or the new one.
    func save(_ path: String) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
