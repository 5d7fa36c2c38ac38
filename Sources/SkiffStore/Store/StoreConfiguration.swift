#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings shared by every ``ObjectStore`` implementation; the injectable parts (clock, uid and name
/// generators) let tests be deterministic.
public struct StoreConfiguration: Sendable {
    /// The time written into `creationTimestamp` and `deletionTimestamp`.
    public var clock: @Sendable () -> Timestamp
    /// How many events the watch history keeps; a watch from an older resourceVersion is `Expired`.
    public var historyCapacity: Int
    /// How many undelivered events an ``WatchStream`` may hold before the store closes it.
    public var watchBufferCapacity: Int
    /// The kinds the store serves; used for resource names in error messages and for field-selector checks
    /// before any object of a kind exists. Optional: the store also learns kinds from the objects written.
    public var kinds: KindRegistry?
    /// Makes `metadata.uid`; a random UUID by default.
    public var makeUID: @Sendable () -> String
    /// Makes the suffix appended to `metadata.generateName`; five random characters by default.
    public var makeNameSuffix: @Sendable () -> String

    public init(
        clock: @escaping @Sendable () -> Timestamp = StoreConfiguration.systemClock,
        historyCapacity: Int = 10_000,
        watchBufferCapacity: Int = 1_000,
        kinds: KindRegistry? = nil,
        makeUID: @escaping @Sendable () -> String = NameGenerator.randomUUID,
        makeNameSuffix: @escaping @Sendable () -> String = NameGenerator.randomSuffix
    ) {
        precondition(historyCapacity > 0, "the watch history must hold at least one event")
        precondition(watchBufferCapacity > 0, "a watch buffer must hold at least one event")
        self.clock = clock
        self.historyCapacity = historyCapacity
        self.watchBufferCapacity = watchBufferCapacity
        self.kinds = kinds
        self.makeUID = makeUID
        self.makeNameSuffix = makeNameSuffix
    }

    /// The wall clock, in whole seconds as Kubernetes' timestamps are.
    @Sendable public static func systemClock() -> Timestamp {
        Timestamp.now()
    }
}
