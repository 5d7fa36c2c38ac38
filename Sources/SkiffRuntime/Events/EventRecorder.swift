import Logging
import SkiffStore
import Synchronization

/// Writes events into the store as `v1` Events, the way client-go's recorder does: identical events (same
/// object, type, reason and message) are aggregated into one Event whose `count` and `lastTimestamp` move; the
/// number of Events kept is bounded, the oldest dropped first.
public final class EventRecorder: EventRecording {
    private let store: any ObjectStore
    private let component: String
    private let host: String
    private let now: @Sendable () -> Timestamp
    private let capacity: Int
    private let logger: Logger
    // A pthread lock rather than `Mutex`, which ThreadSanitizer cannot see through under contention.
    private let state = Locked(State())

    private struct Identity: Hashable {
        var object: ObjectReference
        var type: String
        var reason: String
        var message: String
    }

    private struct State {
        var byIdentity: [Identity: ObjectKey] = [:]
        /// Insertion order, for dropping the oldest.
        var order: [Identity] = []
        var head = 0
        var sequence: UInt64 = 0
    }

    /// - Parameters:
    ///   - component: `source.component` / `reportingComponent` of every event (`skiffd`).
    ///   - capacity: Events kept at most; the oldest are deleted beyond it.
    public init(
        store: any ObjectStore,
        component: String = "skiffd",
        host: String = "",
        now: @escaping @Sendable () -> Timestamp,
        capacity: Int = 5_000,
        logger: Logger = Logger(label: "skiff.events")
    ) {
        self.store = store
        self.component = component
        self.host = host
        self.now = now
        self.capacity = max(1, capacity)
        self.logger = logger
    }

    public func record(_ object: ObjectReference, type: String, reason: String, message: String) {
        var reference = object
        reference.resourceVersion = ""
        let identity = Identity(object: reference, type: type, reason: reason, message: message)
        let time = now()
        state.withLock { s in
            if let key = s.byIdentity[identity], var existing = store.get(key) as? Event {
                existing.spec.count += 1
                existing.spec.lastTimestamp = time
                existing.metadata.resourceVersion = 0
                do {
                    _ = try store.update(existing)
                    return
                } catch {
                    logger.debug("event \(key) could not be updated, recreating: \(error)")
                }
            }
            s.sequence += 1
            let namespace = reference.namespace.isEmpty ? "default" : reference.namespace
            let name = Self.eventName(for: reference.name, time: time, sequence: s.sequence)
            let event = Event(
                metadata: ObjectMeta(name: name, namespace: namespace),
                spec: EventSpec(
                    involvedObject: reference,
                    reason: reason,
                    message: message,
                    source: EventSource(component: component, host: host),
                    firstTimestamp: time,
                    lastTimestamp: time,
                    count: 1,
                    type: type,
                    reportingComponent: component,
                    reportingInstance: host
                )
            )
            do {
                let created = try store.create(event)
                s.byIdentity[identity] = created.key
                s.order.append(identity)
                dropOldest(&s)
            } catch {
                logger.error("cannot record event \(reason) for \(reference.kind)/\(reference.name): \(error)")
            }
        }
    }

    private func dropOldest(_ s: inout State) {
        while s.order.count - s.head > capacity {
            let oldest = s.order[s.head]
            s.head += 1
            if let key = s.byIdentity.removeValue(forKey: oldest) {
                _ = try? store.delete(key, preconditions: DeletePreconditions())
            }
        }
        // Compact the ring once its dead prefix is as long as the live part, so appends stay amortised O(1).
        if s.head > capacity {
            s.order.removeFirst(s.head)
            s.head = 0
        }
    }

    /// `<object name>.<hex>` as client-go names events, made a valid DNS-1123 subdomain (file paths contain `/`).
    static func eventName(for objectName: String, time: Timestamp, sequence: UInt64) -> String {
        var base = ""
        for ch in objectName.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") || ch == "-" || ch == "." {
                base.unicodeScalars.append(ch)
            } else {
                base.unicodeScalars.append("-")
            }
        }
        while base.hasPrefix("-") || base.hasPrefix(".") { base.removeFirst() }
        if base.isEmpty { base = "object" }
        let suffix = String(UInt64(max(0, time.seconds)) &* 1_000_000 &+ sequence, radix: 16)
        return String(base.prefix(253 - suffix.count - 1)) + "." + suffix
    }
}
