import Synchronization

/// One running watch of a ``MemoryStore``: its filter, where its live events start, and where they go.
final class Watcher: Sendable {
    enum Sink: Sendable {
        case handler(@Sendable (WatchEvent) -> Void)
        case stream(AsyncThrowingStream<WatchEvent, any Error>.Continuation, capacity: Int)
    }

    let id: UInt64
    let filter: WatchFilter
    let bookmarks: Bool
    /// Events up to this resourceVersion reached the watcher as its start (replay or initial state).
    let startAfter: ResourceVersion
    let sink: Sink
    private let cancelled = Atomic<Bool>(false)

    init(id: UInt64, options: WatchOptions, startAfter: ResourceVersion, sink: Sink) {
        self.id = id
        self.filter = WatchFilter(options)
        self.bookmarks = options.bookmarks
        self.startAfter = startAfter
        self.sink = sink
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func markCancelled() {
        cancelled.store(true, ordering: .releasing)
    }

    /// Delivers a live event if it concerns the watcher.
    func deliver(_ event: WatchEvent) {
        if case .bookmark(let version) = event {
            guard bookmarks, version >= startAfter else { return }
            send(event)
        } else {
            guard event.resourceVersion > startAfter, let translated = filter.translate(event) else { return }
            send(translated)
        }
    }

    /// Sends an event already filtered (the watch's start), unless cancelled. A stream that is full is closed
    /// with ``WatchOverflowError``; its termination handler unregisters it.
    func send(_ event: WatchEvent) {
        guard !isCancelled else { return }
        switch sink {
        case .handler(let handler):
            handler(event)
        case .stream(let continuation, let capacity):
            switch continuation.yield(event) {
            case .enqueued:
                break
            case .dropped:
                markCancelled()
                continuation.finish(throwing: WatchOverflowError(capacity: capacity))
            case .terminated:
                markCancelled()
            @unknown default:
                markCancelled()
                continuation.finish()
            }
        }
    }

    /// Ends a stream watcher's sequence after its buffered events.
    func finish() {
        markCancelled()
        if case .stream(let continuation, _) = sink { continuation.finish() }
    }
}
