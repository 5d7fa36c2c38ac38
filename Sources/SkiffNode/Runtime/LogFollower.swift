import Synchronization

/// Streams what is appended to a container log, polling on the runtime's clock, until the container has stopped
/// for good and everything it wrote has been read. Survives rotation: when the file shrinks, the rest of what was
/// being read is taken from the rotated file first.
final class LogFollower: Sendable {
    private let log: ContainerLogFile
    private let clock: any Clock
    private let interval: Duration
    private let isFinished: @Sendable () -> Bool
    private let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    private let state: Mutex<(offset: Int64, cancelled: Bool, timer: ScheduledWork?)>

    init(
        log: ContainerLogFile,
        from offset: Int64,
        clock: any Clock,
        interval: Duration,
        isFinished: @escaping @Sendable () -> Bool,
        continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation
    ) {
        self.log = log
        self.clock = clock
        self.interval = interval
        self.isFinished = isFinished
        self.continuation = continuation
        self.state = Mutex((offset, false, nil))
    }

    /// Starts polling; the stream's termination stops it.
    func start() {
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.cancelled = true
                state.timer?.cancel()
            }
        }
        poll()
    }

    private func poll() {
        // Read `finished` before reading the file, so that output written just before the container stopped is
        // still delivered.
        let finished = isFinished()
        let chunk = state.withLock { state -> [UInt8]? in
            guard !state.cancelled else { return nil }
            var bytes: [UInt8] = []
            let size = log.size()
            if size < state.offset {
                bytes = log.read(log.rotatedPath, from: state.offset)
                state.offset = 0
            }
            let fresh = log.read(log.path, from: state.offset)
            state.offset += Int64(fresh.count)
            return bytes + fresh
        }
        guard let chunk else { return }
        if !chunk.isEmpty { continuation.yield(chunk) }
        if finished && chunk.isEmpty {
            continuation.finish()
            return
        }
        // The clock keeps the follower alive between polls; nothing else holds it.
        let timer = clock.schedule(after: finished ? .zero : interval) { self.poll() }
        state.withLock { state in
            if state.cancelled { timer.cancel() } else { state.timer = timer }
        }
    }
}
