import SkiffAPI

/// The ``ShapeScores`` of the pod shapes seen lately, the least recently used dropped past `capacity` (each entry
/// holds a few words per node).
struct ShapeScoreCache {
    private var entries: [PodShape: ShapeScores] = [:]
    private var uses: UInt64 = 0
    /// The most shapes kept.
    let capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The entry of `shape`, made empty when new.
    mutating func scores(for shape: PodShape) -> ShapeScores {
        uses += 1
        if let entry = entries[shape] {
            entry.lastUse = uses
            return entry
        }
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
        }
        let entry = ShapeScores()
        entry.lastUse = uses
        entries[shape] = entry
        return entry
    }
}
