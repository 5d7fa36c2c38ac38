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
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in bytes.indices { bytes[i] = generator.next() }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
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
