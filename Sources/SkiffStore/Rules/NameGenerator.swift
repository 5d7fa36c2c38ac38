/// Kubernetes' generators for uids and `generateName` suffixes.
public enum NameGenerator {
    /// The characters Kubernetes draws name suffixes from: lowercase consonants and digits without vowels or
    /// look-alikes, so generated names never spell words.
    static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)
    /// The length of a generated suffix.
    public static let suffixLength = 5
    /// Kubernetes truncates `generateName` so that base plus suffix fits a 63-character label.
    public static let maxBaseLength = 63 - suffixLength

    /// A random version-4 UUID in lowercase text form (`6f1c…-…`), as Kubernetes' uids are.
    @Sendable public static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var high: UInt64 = generator.next()
        var low: UInt64 = generator.next()
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)
        let hex = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    buffer[position] = hex[Int(value >> UInt64(shift) & 0xF)]
                    position += 1
                }
            }
            func dash() {
                buffer[position] = UInt8(ascii: "-")
                position += 1
            }
            put(high >> 32, nibbles: 8)
            dash()
            put(high >> 16 & 0xFFFF, nibbles: 4)
            dash()
            put(high & 0xFFFF, nibbles: 4)
            dash()
            put(low >> 48, nibbles: 4)
            dash()
            put(low & 0xFFFF_FFFF_FFFF, nibbles: 12)
            return position
        }
    }

    /// Five random characters from Kubernetes' suffix alphabet.
    @Sendable public static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<suffixLength).map { _ in suffixAlphabet.randomElement(using: &generator)! }
        return String(decoding: chars, as: UTF8.self)
    }

    /// `base` (truncated to ``maxBaseLength``) followed by `suffix`.
    public static func name(base: String, suffix: String) -> String {
        let utf8 = base.utf8
        guard utf8.count > maxBaseLength else { return base + suffix }
        return String(decoding: utf8.prefix(maxBaseLength), as: UTF8.self) + suffix
    }
}
