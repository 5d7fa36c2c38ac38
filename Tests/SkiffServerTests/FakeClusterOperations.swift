import SkiffServer
import Synchronization

/// A ``ClusterOperations`` that records its calls and answers from canned values; a followed log is fed by the
/// test through ``logFeed``.
final class FakeClusterOperations: ClusterOperations {
    struct LogCall: Equatable {
        var namespace: String
        var name: String
        var container: String?
        var follow: Bool
        var tailLines: Int?
    }

    private struct State {
        var logCalls: [LogCall] = []
        var cancels: [String] = []
        var explains: [String] = []
        var feed: AsyncThrowingStream<[UInt8], any Error>.Continuation?
        var logTerminated = false
    }

    private let state = Mutex(State())
    /// What `podLogs` answers when not following.
    let logText: String
    /// Thrown by `podLogs` when set.
    let logError: APIStatus?
    /// Thrown by `cancelJob` when set.
    let cancelError: APIStatus?

    init(logText: String = "line 1\nline 2\n", logError: APIStatus? = nil, cancelError: APIStatus? = nil) {
        self.logText = logText
        self.logError = logError
        self.cancelError = cancelError
    }

    var logCalls: [LogCall] { state.withLock { $0.logCalls } }
    var cancels: [String] { state.withLock { $0.cancels } }
    var explains: [String] { state.withLock { $0.explains } }
    /// Whether the consumer of a followed log went away (the producer was told to stop).
    var logTerminated: Bool { state.withLock { $0.logTerminated } }
    /// The continuation feeding the followed log, once `podLogs(follow: true)` was called.
    var logFeed: AsyncThrowingStream<[UInt8], any Error>.Continuation? { state.withLock { $0.feed } }

    func podLogs(
        namespace: String,
        name: String,
        container: String?,
        follow: Bool,
        tailLines: Int?
    ) throws
        -> AsyncThrowingStream<[UInt8], any Error>
    {
        state.withLock {
            $0.logCalls.append(
                LogCall(namespace: namespace, name: name, container: container, follow: follow, tailLines: tailLines)
            )
        }
        if let logError { throw logError }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        if follow {
            continuation.onTermination = { [weak self] _ in self?.state.withLock { $0.logTerminated = true } }
            state.withLock { $0.feed = continuation }
        } else {
            continuation.yield(Array(logText.utf8))
            continuation.finish()
        }
        return stream
    }

    func nodeUsage() -> JSONValue {
        .object([
            "kind": .string("NodeUsageList"),
            "items": .array([.object(["name": .string("n1"), "ready": .bool(true)])]),
        ])
    }

    func explain(resource: String, namespace: String, name: String) throws -> JSONValue {
        state.withLock { $0.explains.append("\(resource)/\(namespace)/\(name)") }
        return .object(["kind": .string("Explanation"), "summary": .string("waiting for \(name)")])
    }

    func cancelJob(namespace: String, name: String) throws -> JSONValue {
        state.withLock { $0.cancels.append("\(namespace)/\(name)") }
        if let cancelError { throw cancelError }
        return .object([
            "kind": .string("Job"),
            "metadata": .object(["name": .string(name), "namespace": .string(namespace)]),
            "status": .object(["cancelRequested": .string("2026-11-23T22:00:00Z")]),
        ])
    }
}
