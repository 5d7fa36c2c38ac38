/// A fixed number of result slots that concurrent workers fill, each worker its own slot (as with
/// `DispatchQueue.concurrentPerform`), read once they have all finished.
///
/// `@unchecked Sendable` is safe under that use: every slot is written by one worker only, no slot is read before
/// the call that ran the workers has returned (which orders the writes before the reads), and the buffer lives as
/// long as the object.
package final class ParallelSlots<Value: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    package init(count: Int) {
        slots = UnsafeMutableBufferPointer<Value?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Fills slot `index`; called by the one worker that owns it.
    package func set(_ index: Int, _ value: Value) {
        slots[index] = value
    }

    /// The value of slot `index`, once every worker has finished.
    package func get(_ index: Int) -> Value? {
        slots[index]
    }
}
