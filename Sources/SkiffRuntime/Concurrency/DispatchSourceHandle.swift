import Dispatch

/// A Dispatch source (timer, read) that may be cancelled from any thread.
///
/// `@unchecked Sendable` is safe: the only operation is `cancel()`, which libdispatch documents as callable from
/// any thread at any time, and idempotent. The source's handlers are set before the handle is shared.
final class DispatchSourceHandle: @unchecked Sendable {
    private let source: any DispatchSourceProtocol

    init(_ source: any DispatchSourceProtocol) {
        self.source = source
    }

    func cancel() {
        source.cancel()
    }
}
