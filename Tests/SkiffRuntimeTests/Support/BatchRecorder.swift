import SkiffRuntime

/// Records the batches a ``FolderWatcher`` delivers and lets a test wait for them.
final class BatchRecorder: Sendable {
    struct Record: Sendable {
        var batches: [[FileChange]] = []

        /// Every change after the initial scan's batch, in order.
        var laterChanges: [FileChange] {
            batches.dropFirst().flatMap { $0 }
        }

        /// The last change reported for each path.
        var latest: [String: FileChange] {
            var latest: [String: FileChange] = [:]
            for change in batches.joined() {
                latest[change.path] = change
            }
            return latest
        }

        /// Every path mentioned in any batch.
        var mentionedPaths: Set<String> {
            Set(batches.joined().map(\.path))
        }
    }

    private let waiter = Waiter(Record())

    var record: Record {
        waiter.value
    }

    /// The handler to give the watcher.
    var handler: @Sendable ([FileChange]) -> Void {
        { [waiter] batch in waiter.update { $0.batches.append(batch) } }
    }

    /// Blocks until the record satisfies `predicate`, with a generous deadline.
    @discardableResult
    func wait(until predicate: @escaping (Record) -> Bool) -> Bool {
        waiter.wait(timeout: .seconds(30), until: predicate)
    }

    /// Waits until the last change reported for `path` is `change`.
    @discardableResult
    func waitFor(_ change: FileChange) -> Bool {
        wait { $0.latest[change.path] == change }
    }
}
