import SkiffServer

/// A response as a test reads it: status, Content-Type and the body parsed back into a ``JSONValue`` (so that
/// pre-serialized items — the cached bytes of lists — read like any other value).
struct ReadResponse {
    var status: Int
    var contentType: String
    var body: JSONValue
    var text: String
}

enum ResponseReading {
    /// Collects a response; streams are read to their end (do not use for open watches).
    static func read(_ response: APIResponse) async -> ReadResponse {
        switch response {
        case .json(let status, let body):
            var bytes: [UInt8] = []
            body.write(to: &bytes, pretty: false, indent: 0)
            let text = String(decoding: bytes, as: UTF8.self)
            return ReadResponse(status: status, contentType: "application/json", body: parse(text), text: text)
        case .encoded(let status, let body):
            let text = String(decoding: body, as: UTF8.self)
            return ReadResponse(status: status, contentType: "application/json", body: parse(text), text: text)
        case .text(let status, let body):
            return ReadResponse(status: status, contentType: "text/plain", body: .string(body), text: body)
        case .bytes(let contentType, let body):
            var bytes: [UInt8] = []
            do {
                for try await chunk in body { bytes += chunk }
            } catch {}
            let text = String(decoding: bytes, as: UTF8.self)
            return ReadResponse(status: 200, contentType: contentType, body: parse(text), text: text)
        case .stream(let lines):
            var text = ""
            for await line in lines { text += String(decoding: line, as: UTF8.self) }
            return ReadResponse(status: 200, contentType: "application/json", body: .null, text: text)
        }
    }

    /// JSON text as a ``JSONValue``, keys in their order (`.null` when it is not JSON).
    static func parse(_ text: String) -> JSONValue {
        var parser = OrderedJSONParser(bytes: Array(text.utf8))
        guard let value = parser.value() else { return .null }
        parser.skipSpace()
        return parser.index == parser.bytes.count ? value : .null
    }

    /// A value with its pre-serialized parts (`.number` holding an object or array) parsed.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let text) where text.hasPrefix("{") || text.hasPrefix("["):
            return parse(text)
        case .array(let items):
            return .array(items.map(normalized))
        case .object(let object):
            var out = JSONObject()
            for entry in object.entries { out[entry.key] = normalized(entry.value) }
            return .object(out)
        default:
            return value
        }
    }
}

/// A small JSON parser that keeps object keys in order (Foundation's does not).
struct OrderedJSONParser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func skipSpace() {
        while index < bytes.count, [9, 10, 13, 32].contains(bytes[index]) { index += 1 }
    }

    mutating func value() -> JSONValue? {
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var object = JSONObject()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            while true {
                skipSpace()
                guard case .string(let key)? = value() else { return nil }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let item = value() else { return nil }
                object[key] = item
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { return nil }
                index += 1
                return .object(object)
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipSpace()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard bytes[index] == UInt8(ascii: "]") else { return nil }
                index += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            index += 1
            var out: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    index += 1
                    switch bytes[index] {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "b"): out.append(8)
                    case UInt8(ascii: "f"): out.append(12)
                    case UInt8(ascii: "u"):
                        let hex = String(decoding: bytes[(index + 1)..<min(index + 5, bytes.count)], as: UTF8.self)
                        if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                            out += Array(String(Character(scalar)).utf8)
                        }
                        index += 4
                    default: out.append(bytes[index])
                    }
                } else {
                    out.append(bytes[index])
                }
                index += 1
            }
            index += 1
            return .string(String(decoding: out, as: UTF8.self))
        case UInt8(ascii: "t"):
            index += 4
            return .bool(true)
        case UInt8(ascii: "f"):
            index += 5
            return .bool(false)
        case UInt8(ascii: "n"):
            index += 4
            return .null
        default:
            let start = index
            while index < bytes.count, !",]} \n\r\t".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if let int = Int64(text) { return .int(int) }
            return text.isEmpty ? nil : .number(text)
        }
    }
}

extension JSONValue {
    /// The elements of an array (empty otherwise).
    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
