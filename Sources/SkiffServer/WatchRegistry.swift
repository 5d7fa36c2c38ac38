import Synchronization

/// The watches being served, so that a graceful shutdown can end them: a watch otherwise stays open until its
/// timeout, and the HTTP server waits for every open response before it stops.
public final class WatchRegistry: Sendable {
    private struct State {
        var closed = false
        var next = 0
        var streams: [Int: WatchStream] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers a stream; returns nil (and cancels it) when the registry is already closed.
    func register(_ stream: WatchStream) -> Int? {
        let id = state.withLock { s -> Int? in
            guard !s.closed else { return nil }
            s.next += 1
            s.streams[s.next] = stream
            return s.next
        }
        if id == nil { stream.cancel() }
        return id
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.streams.removeValue(forKey: id) }
    }

    /// Ends every open watch and refuses new ones.
    public func closeAll() {
        let streams = state.withLock { s -> [WatchStream] in
            s.closed = true
            defer { s.streams = [:] }
            return Array(s.streams.values)
        }
        for stream in streams { stream.cancel() }
    }

    /// How many watches are open.
    public var count: Int { state.withLock { $0.streams.count } }
}
