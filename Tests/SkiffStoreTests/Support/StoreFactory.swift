import Foundation
import Testing

@testable import SkiffStore

/// Makes one implementation of ``ObjectStore``: the suite runs every test against each factory in ``all``,
/// so a new implementation (SQLite) joins by adding itself there.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (StoreConfiguration) -> any ObjectStore

    var testDescription: String { name }

    static let memory = StoreFactory(name: "memory") { MemoryStore(configuration: $0) }

    /// A SQLite store in a fresh temporary folder, reading the test kinds.
    static let sqlite = StoreFactory(name: "sqlite") { configuration in
        try! SQLiteStore(path: TestDatabase.freshPath(), configuration: configuration.withTestKinds)
    }

    static let all: [StoreFactory] = [.memory, .sqlite]
}

/// Temporary database files for the SQLite store's tests, in one folder per test process.
enum TestDatabase {
    static let folder: String = {
        let path = NSTemporaryDirectory() + "skiff-store-tests-\(getpid())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// A path where no database exists yet.
    static func freshPath() -> String {
        "\(folder)/\(UUID().uuidString).sqlite"
    }
}

extension StoreConfiguration {
    /// The kinds the store's tests use, so that a SQLite store can read them back.
    static let testKinds = KindRegistry([Widget.self, Gadget.self, Event.self])

    var withTestKinds: StoreConfiguration {
        var copy = self
        if copy.kinds == nil { copy.kinds = StoreConfiguration.testKinds }
        return copy
    }
}

/// A store under test with a manual clock and deterministic uids and name suffixes.
struct StoreFixture {
    let store: any ObjectStore
    let clock: ManualClock
    let suffixes: ScriptedValues

    init(
        _ factory: StoreFactory,
        historyCapacity: Int = 10_000,
        watchBufferCapacity: Int = 1_000,
        suffixes: [String] = []
    ) {
        let clock = ManualClock(seconds: 1_800_000_000)
        let uids = ScriptedValues(prefix: "uid-")
        let scripted = ScriptedValues(prefix: "s", script: suffixes)
        self.clock = clock
        self.suffixes = scripted
        self.store = factory.make(
            StoreConfiguration(
                clock: { clock.now },
                historyCapacity: historyCapacity,
                watchBufferCapacity: watchBufferCapacity,
                makeUID: { uids.next() },
                makeNameSuffix: { scripted.next() }
            )
        )
    }
}

/// A clock that moves only when told.
final class ManualClock: Sendable {
    private let seconds: Locked<Int64>

    init(seconds: Int64) {
        self.seconds = Locked(seconds)
    }

    var now: Timestamp { Timestamp(seconds: seconds.withLock { $0 }) }

    func advance(by delta: Int64) {
        seconds.withLock { $0 += delta }
    }
}

/// Values handed out in order: a script first, then `prefix` plus a counter.
final class ScriptedValues: Sendable {
    private let state: Locked<(script: [String], counter: Int)>
    private let prefix: String

    init(prefix: String, script: [String] = []) {
        self.prefix = prefix
        self.state = Locked((script, 0))
    }

    func next() -> String {
        state.withLock { state in
            if !state.script.isEmpty { return state.script.removeFirst() }
            state.counter += 1
            return prefix + String(state.counter)
        }
    }
}

/// Collects the events a watch handler receives.
final class EventRecorder: Sendable {
    private let recorded = Locked<[WatchEvent]>([])

    func record(_ event: WatchEvent) {
        recorded.withLock { $0.append(event) }
    }

    var events: [WatchEvent] { recorded.withLock { $0 } }

    /// `TYPE name@rv` for each event, compact for assertions.
    var summary: [String] { events.map(\.summary) }
}

extension WatchEvent {
    /// `ADDED a@3`, `BOOKMARK @7`.
    var summary: String {
        "\(type.rawValue) \(object?.metadata.name ?? "")@\(resourceVersion)"
    }
}

extension ObjectStore {
    /// Names of a list's items, `namespace/name` for namespaced objects.
    func names(_ groupKind: GroupKind, _ options: ListOptions = ListOptions()) throws -> [String] {
        try list(groupKind, options: options).items.map { object in
            object.metadata.namespace.isEmpty
                ? object.metadata.name : "\(object.metadata.namespace)/\(object.metadata.name)"
        }
    }
}

/// The `StoreError` a throwing expression throws, or nil.
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch {
        return error as? StoreError
    }
}
