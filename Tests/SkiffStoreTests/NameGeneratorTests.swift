import SkiffStore
import Testing

struct NameGeneratorTests {
    @Test func uuidsAreVersionFourLowercaseAndDistinct() {
        let uuids = (0..<100).map { _ in NameGenerator.randomUUID() }
        #expect(Set(uuids).count == 100)
        for uuid in uuids {
            let parts = uuid.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12])
            #expect(uuid.allSatisfy { "0123456789abcdef-".contains($0) })
            #expect(Array(uuid)[14] == "4")
            #expect("89ab".contains(Array(uuid)[19]))
        }
    }

    @Test func suffixesUseKubernetesAlphabet() {
        for _ in 0..<100 {
            let suffix = NameGenerator.randomSuffix()
            #expect(suffix.count == 5)
            #expect(suffix.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        }
        #expect(NameGenerator.name(base: "job-", suffix: "abcde") == "job-abcde")
    }
}
