/// The events of one watch as an asynchronous sequence, for consumers that run at their own pace (HTTP watches).
/// It ends with ``WatchOverflowError`` when the consumer falls more than its buffer behind; it stops when the
/// consuming task is cancelled, when ``cancel()`` is called, or when the stream and its iterators are dropped.
public struct WatchStream: AsyncSequence, Sendable {
    public typealias Element = WatchEvent

    private let events: AsyncThrowingStream<WatchEvent, any Error>
    private let lifetime: Lifetime

    /// Wraps `events`, cancelling `registration` when the stream is no longer used.
    public init(events: AsyncThrowingStream<WatchEvent, any Error>, registration: WatchRegistration) {
        self.events = events
        self.lifetime = Lifetime(registration: registration)
    }

    /// Stops the watch: buffered events are still delivered, then the sequence ends.
    public func cancel() {
        lifetime.registration.cancel()
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: events.makeAsyncIterator(), lifetime: lifetime)
    }

    /// Iterates the events; keeps the watch alive while in use.
    public struct Iterator: AsyncIteratorProtocol {
        private var base: AsyncThrowingStream<WatchEvent, any Error>.Iterator
        private let lifetime: Lifetime

        fileprivate init(base: AsyncThrowingStream<WatchEvent, any Error>.Iterator, lifetime: Lifetime) {
            self.base = base
            self.lifetime = lifetime
        }

        public mutating func next() async throws -> WatchEvent? {
            try await base.next()
        }
    }

    /// Cancels the watch when the last stream or iterator referring to it goes away.
    fileprivate final class Lifetime: Sendable {
        let registration: WatchRegistration

        init(registration: WatchRegistration) {
            self.registration = registration
        }

        deinit {
            registration.cancel()
        }
    }
}
