import Testing

@testable import SkiffScheduler

/// The chunked pod list keeps order, finds and removes by key, and a copy never sees the other's changes.
struct PlacedPodListTests {
    static func pod(_ index: Int) -> PlacedPod {
        PlacedPod(
            key: PodKey(namespace: "default", name: "p\(index)"),
            uid: "u\(index)",
            priority: 0,
            request: PodRequest(),
            startTime: nil
        )
    }

    @Test func appendsRemovesAndCopiesIndependently() {
        var list = PlacedPodList()
        for index in 0..<40 { list.append(Self.pod(index)) }
        #expect(list.count == 40)
        #expect(list.elements.map(\.uid) == (0..<40).map { "u\($0)" })
        let copy = list
        #expect(list.remove(PodKey(namespace: "default", name: "p17"))?.uid == "u17")
        #expect(list.remove(PodKey(namespace: "default", name: "p17")) == nil)
        for index in 0..<16 { _ = list.remove(PodKey(namespace: "default", name: "p\(index)")) }
        list.append(Self.pod(99))
        #expect(list.count == 24)
        #expect(list.elements.map(\.uid) == (16..<40).filter { $0 != 17 }.map { "u\($0)" } + ["u99"])
        #expect(list.pod(PodKey(namespace: "default", name: "p99"))?.uid == "u99")
        #expect(copy.count == 40)
        #expect(copy.elements.map(\.uid) == (0..<40).map { "u\($0)" })
        #expect(copy.pod(PodKey(namespace: "default", name: "p17"))?.uid == "u17")
    }
}
