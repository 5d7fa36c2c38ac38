import Foundation

/// What the runtime writes down about a pod: when it accepted it, so that a restarted daemon reports the same
/// start time.
struct PodRecord: Codable, Sendable {
    var uid: String
    var namespace: String
    var name: String
    var startTime: Int64

    static func loadOrCreate(_ path: String, pod: Pod, now: Timestamp) -> PodRecord {
        if let data = FileManager.default.contents(atPath: path),
            let record = try? JSONDecoder().decode(PodRecord.self, from: data)
        {
            return record
        }
        let record = PodRecord(
            uid: pod.metadata.uid,
            namespace: pod.metadata.namespace,
            name: pod.metadata.name,
            startTime: now.seconds
        )
        if let data = try? JSONEncoder().encode(record) {
            try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        return record
    }
}
