import Testing

@testable import SkiffStore

struct SortedKeysTests {
    @Test func matchesASortedSetUnderRandomInsertsAndRemovals() {
        var keys = SortedKeys<Int>()
        var reference = Set<Int>()
        var generator = SplitMix(seed: 7)
        for _ in 0..<20_000 {
            let value = Int(generator.next() % 5_000)
            if generator.next() % 3 == 0 {
                #expect(keys.remove(value) == (reference.remove(value) != nil))
            } else {
                #expect(keys.insert(value) == reference.insert(value).inserted)
            }
        }
        #expect(keys.count == reference.count)
        #expect(keys.elements == reference.sorted())
        for probe in [-1, 0, 17, 2_500, 4_999, 6_000] {
            #expect(keys.contains(probe) == reference.contains(probe))
        }
    }

    @Test func iteratesFromAnyKey() {
        var keys = SortedKeys<Int>()
        for value in stride(from: 0, to: 3_000, by: 2) { keys.insert(value) }
        func collect(from start: Int?, inclusive: Bool, limit: Int) -> [Int] {
            var out: [Int] = []
            keys.forEach(from: start, inclusive: inclusive) { key in
                out.append(key)
                return out.count < limit
            }
            return out
        }
        #expect(collect(from: nil, inclusive: true, limit: 3) == [0, 2, 4])
        #expect(collect(from: 1_000, inclusive: true, limit: 2) == [1_000, 1_002])
        #expect(collect(from: 1_000, inclusive: false, limit: 2) == [1_002, 1_004])
        #expect(collect(from: 1_001, inclusive: true, limit: 2) == [1_002, 1_004])
        #expect(collect(from: 2_998, inclusive: false, limit: 5).isEmpty)
        #expect(collect(from: -5, inclusive: false, limit: 1) == [0])
        #expect(SortedKeys<Int>().elements.isEmpty)
    }

    @Test func namespacesSortAsEtcdKeys() {
        let names = ["dev", "dev-b", "a", "", "prod", "dev0"].map(NamespaceName.init)
        #expect(names.sorted().map(\.value) == ["", "a", "dev-b", "dev", "dev0", "prod"])
        #expect(!NamespaceName.precedes("dev", "dev"))
        #expect(NamespacedName(namespace: "a", name: "z") < NamespacedName(namespace: "b", name: "a"))
    }
}

/// A small deterministic generator so that the randomized test is reproducible.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
