import Foundation

extension Clock {
    /// The wall-clock time as an object timestamp (second precision).
    public var timestamp: Timestamp {
        Timestamp(seconds: Int64(wallNow.timeIntervalSince1970.rounded(.down)))
    }
}
