import Synchronization

/// The watches (and followed pod logs) being served, so that a graceful shutdown can end them: a watch otherwise
/// stays open until its timeout, a followed log until its container ends, and the HTTP server waits for every open
/// response before it stops.
public final class WatchRegistry: Sendable {
    private struct State {
        var closed = false
        var next = 0
        var streams: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Registers a stream; returns nil (and cancels it) when the registry is already closed.
    func register(_ stream: WatchStream) -> Int? {
        register(cancel: { stream.cancel() })
    }

    /// Registers any long-lived response by how to end it; returns nil (and calls `cancel`) when the registry is
    /// already closed.
    func register(cancel: @escaping @Sendable () -> Void) -> Int? {
        let id = state.withLock { s -> Int? in
            guard !s.closed else { return nil }
            s.next += 1
            s.streams[s.next] = cancel
            return s.next
        }
        if id == nil { cancel() }
        return id
    }

    func remove(_ id: Int) {
        _ = state.withLock { $0.streams.removeValue(forKey: id) }
    }

    /// Ends every open watch and refuses new ones.
    public func closeAll() {
        let cancels = state.withLock { s -> [@Sendable () -> Void] in
            s.closed = true
            defer { s.streams = [:] }
            return Array(s.streams.values)
        }
        for cancel in cancels { cancel() }
    }

    /// How many watches (and followed logs) are open.
    public var count: Int { state.withLock { $0.streams.count } }
}
