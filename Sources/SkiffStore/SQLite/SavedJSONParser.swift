import SkiffYAML

/// Reads a saved object's JSON (as ``SQLiteStore`` writes it) straight into the YAML tree that ``ObjectDecoder``
/// reads, without going through the YAML parser: JSON is YAML, but a YAML parser pays for generality (events,
/// marks, anchors) that saved JSON never uses, and a warm restart reads every saved object.
///
/// Strings become double-quoted scalars (so `"true"` stays a string, as in YAML), numbers and `true`, `false`,
/// `null` plain scalars, resolved by the YAML core schema exactly as the parser would. Nodes carry no marks; a
/// document this parser refuses (or whose decoding fails) is read again through the YAML parser, whose messages
/// point at the place.
struct SavedJSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// The deepest nesting accepted, as a guard against a damaged row.
    private static let maxDepth = 512

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The tree of one JSON value, or nil when `text` is not one (or holds something after it).
    static func parse(_ text: String) -> YAMLNode? {
        var text = text
        return text.withUTF8 { buffer in
            var parser = SavedJSONParser(buffer)
            guard let node = parser.value(depth: 0) else { return nil }
            parser.skipSpace()
            return parser.position == buffer.count ? node : nil
        }
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) -> YAMLNode? {
        guard depth < Self.maxDepth else { return nil }
        skipSpace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""):
            guard let text = string() else { return nil }
            return YAMLNode(.scalar(YAMLScalar(text, style: .doubleQuoted)))
        default:
            guard let text = bareWord() else { return nil }
            return YAMLNode(.scalar(YAMLScalar(text)))
        }
    }

    private mutating func object(depth: Int) -> YAMLNode? {
        position += 1
        var pairs: [YAMLPair] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return YAMLNode(.mapping(pairs))
        }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            guard let item = value(depth: depth + 1) else { return nil }
            pairs.append(YAMLPair(key: YAMLNode(.scalar(YAMLScalar(key, style: .doubleQuoted))), value: item))
            skipSpace()
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { return nil }
            position += 1
            return YAMLNode(.mapping(pairs))
        }
    }

    private mutating func array(depth: Int) -> YAMLNode? {
        position += 1
        var items: [YAMLNode] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return YAMLNode(.sequence(items))
        }
        while true {
            guard let item = value(depth: depth + 1) else { return nil }
            items.append(item)
            skipSpace()
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "]") else { return nil }
            position += 1
            return YAMLNode(.sequence(items))
        }
    }

    /// A number, `true`, `false` or `null`, as written.
    private mutating func bareWord() -> String? {
        let start = position
        var letters = false
        scan: while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "E"), UInt8(ascii: "e"):
                position += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                letters = true
                position += 1
            default:
                break scan
            }
        }
        guard position > start else { return nil }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if letters {
            return word == "true" || word == "false" || word == "null" ? word : nil
        }
        // A number: JSON's start with a digit or a minus.
        let first = bytes[start]
        return first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) ? word : nil
    }

    /// A string at the opening quote, unescaped.
    private mutating func string() -> String? {
        position += 1
        let start = position
        // The common case: no escapes, one copy.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            position += 1
        }
        var scratch = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        // A surrogate pair: the low half must follow.
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u")
                        else { return nil }
                        position += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                scratch.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * 16 + digit
        }
        return value
    }
}
