/// Kubernetes' continue token: base64url (unpadded) of `{"v":"meta.k8s.io/v1","rv":N,"start":"KEY\u0000"}`,
/// where KEY is the last returned item's key relative to the list's prefix (`namespace/name` when listing every
/// namespace of a namespaced kind, `name` otherwise) and the NUL makes the next page start strictly after it.
struct ContinueToken: Hashable, Sendable {
    static let version = "meta.k8s.io/v1"

    /// The resourceVersion of the list's first page.
    var resourceVersion: ResourceVersion
    /// The start key, relative to the list's prefix.
    var start: String

    init(resourceVersion: ResourceVersion, start: String) {
        self.resourceVersion = resourceVersion
        self.start = start
    }

    /// The token that resumes after `key`.
    init(resourceVersion: ResourceVersion, after key: ObjectKey, allNamespaces: Bool) {
        let relative = allNamespaces && !key.namespace.isEmpty ? "\(key.namespace)/\(key.name)" : key.name
        self.init(resourceVersion: resourceVersion, start: relative + "\u{0}")
    }

    /// The token's text.
    var encoded: String {
        var json: [UInt8] = Array("{\"v\":".utf8)
        Self.appendJSONString(Self.version, to: &json)
        json.append(contentsOf: ",\"rv\":\(resourceVersion),\"start\":".utf8)
        Self.appendJSONString(start, to: &json)
        json.append(UInt8(ascii: "}"))
        return Base64URL.encode(json)
    }

    /// Decodes a token, or throws `BadRequest` in Kubernetes' words.
    static func decode(_ text: String) throws(StoreError) -> ContinueToken {
        guard let bytes = Base64URL.decode(text) else { throw invalid("illegal base64 data") }
        var parser = TokenParser(bytes: bytes)
        guard let fields = parser.parseObject() else { throw invalid("malformed JSON") }
        guard case .string(let version)? = fields["v"] else { throw invalid("missing encoded version") }
        guard version == Self.version else {
            throw invalid("server does not recognize this encoded version \"\(version)\"")
        }
        guard case .integer(let rv)? = fields["rv"], rv > 0 else {
            throw invalid("incorrect encoded start resourceVersion (version \(Self.version))")
        }
        guard case .string(let start)? = fields["start"], !start.isEmpty else {
            throw invalid("encoded start key empty (version \(Self.version))")
        }
        guard !start.hasPrefix("/"), !start.split(separator: "/").contains("..") else { throw invalid(start) }
        return ContinueToken(resourceVersion: rv, start: start)
    }

    /// Where the next page starts: after (or, for a start key without the trailing NUL, at) this position.
    func position(allNamespaces: Bool) throws(StoreError) -> ListPosition {
        var key = Substring(start)
        let inclusive = key.last != "\u{0}"
        if !inclusive { key = key.dropLast() }
        let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if allNamespaces, parts.count == 2 {
            return ListPosition(namespace: String(parts[0]), name: String(parts[1]), inclusive: inclusive)
        }
        guard parts.count == 1 else { throw Self.invalid(start) }
        return ListPosition(namespace: nil, name: String(key), inclusive: inclusive)
    }

    private static func invalid(_ detail: String) -> StoreError {
        .badRequest("invalid continue token: continue key is not valid: \(detail)")
    }

    /// Writes a JSON string as Go's encoder does (it escapes `<`, `>` and `&` too).
    private static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A position in a list's order: the namespace (nil when the list has one namespace or the kind none) and name.
struct ListPosition: Hashable, Sendable {
    var namespace: String?
    var name: String
    /// Whether the item at the position itself is included.
    var inclusive: Bool
}

/// Just enough JSON for a continue token: one flat object of strings and integers.
private struct TokenParser {
    enum Value: Equatable {
        case string(String)
        case integer(UInt64)
    }

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseObject() -> [String: Value]? {
        skipSpace()
        guard consume(UInt8(ascii: "{")) else { return nil }
        var fields: [String: Value] = [:]
        skipSpace()
        if consume(UInt8(ascii: "}")) { return finished(fields) }
        while true {
            skipSpace()
            guard let key = parseString() else { return nil }
            skipSpace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard let value = parseValue() else { return nil }
            fields[key] = value
            skipSpace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { return nil }
            return finished(fields)
        }
    }

    private mutating func finished(_ fields: [String: Value]) -> [String: Value]? {
        skipSpace()
        return index == bytes.count ? fields : nil
    }

    private mutating func parseValue() -> Value? {
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { return parseString().map(Value.string) }
        var value: UInt64 = 0
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return index > start ? .integer(value) : nil
    }

    private mutating func parseString() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                        let scalarValue = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(scalarValue)
                    else { return nil }
                    index += 4
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            default:
                out.append(byte)
            }
        }
        return nil
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }
}
