import Testing

@testable import SkiffRuntime

/// A journal that counts its transactions and can refuse the next one.
private final class CountingJournal: StoreJournal {
    private let state = Locked<(transactions: [Int], failNext: Bool)>(([], false))

    var transactions: [Int] { state.withLock { $0.transactions } }

    func failNextCommit() {
        state.withLock { $0.failNext = true }
    }

    func record(_ change: StoreChange) throws(StoreError) {
        try record([change])
    }

    func record(_ changes: [StoreChange]) throws(StoreError) {
        let refused = state.withLock { state -> Bool in
            if state.failNext {
                state.failNext = false
                return true
            }
            state.transactions.append(changes.count)
            return false
        }
        if refused { throw .unavailable("the test journal refuses this commit") }
    }
}

/// Makes the namespace named by the key when it is missing.
private struct NamespaceMaker: Reconciler {
    let store: any ObjectStore

    func reconcile(_ key: String) throws -> ReconcileResult {
        if store.get(ObjectKey(Namespace.resource.groupKind, name: key)) == nil {
            _ = try store.create(Namespace(metadata: ObjectMeta(name: key)))
        }
        return .done
    }
}

struct ControllerBatchingTests {
    private let names = (0..<20).map { "ns-\($0)" }

    @Test func keysReadyTogetherAreReconciledInOneCommit() {
        let journal = CountingJournal()
        let store = MemoryStore(configuration: StoreConfiguration(), journal: journal)
        let controller = Controller(
            name: "batched",
            reconciler: NamespaceMaker(store: store),
            clock: ManualClock(),
            batching: .init(store: store, maxKeys: 64)
        )
        for name in names { controller.enqueue(name) }
        controller.start(workers: 1)
        defer { controller.stop() }
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(store.counts[Namespace.resource.groupKind] == names.count)
        #expect(journal.transactions == [names.count])
        #expect(controller.stats.totalReconciles == names.count)
        #expect(controller.stats.totalErrors == 0)
    }

    @Test func aFailedCommitFailsEveryKeyOfTheBatch() {
        let journal = CountingJournal()
        let store = MemoryStore(configuration: StoreConfiguration(), journal: journal)
        let clock = ManualClock()
        let controller = Controller(
            name: "batched",
            reconciler: NamespaceMaker(store: store),
            clock: clock,
            batching: .init(store: store, maxKeys: 64)
        )
        for name in names { controller.enqueue(name) }
        journal.failNextCommit()
        controller.start(workers: 1)
        defer { controller.stop() }
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(store.counts[Namespace.resource.groupKind] == nil)
        #expect(controller.stats.totalErrors == names.count)
        #expect(names.allSatisfy { controller.queue.numRequeues($0) == 1 })
        #expect(controller.queue.delayedCount == names.count)
        // After the backoff they are made, together again.
        clock.advance(by: .seconds(60))
        #expect(controller.waitUntilIdle(timeout: .seconds(20)))
        #expect(store.counts[Namespace.resource.groupKind] == names.count)
    }
}
