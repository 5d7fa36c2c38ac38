/// A value guarded by a ``PthreadLock`` (see there for why not `Mutex`).
///
/// `@unchecked Sendable` is safe because `value` is `Sendable` and is read and written only inside
/// ``withLock(_:)``, while `lock` is held. Use ``PthreadLock`` itself for a lock without a value: a zero-sized
/// `value` would share its address with `lock`, and ThreadSanitizer would mistake the two for one variable.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = PthreadLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value. Not re-entrant.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        try lock.withLock { () throws(Failure) -> Result in try body(&value) }
    }
}
