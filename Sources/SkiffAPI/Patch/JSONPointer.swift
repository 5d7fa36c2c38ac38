/// A JSON Pointer (RFC 6901): `/a/b~1c/0`, with `~1` for `/` and `~0` for `~`.
struct JSONPointer: Sendable, Hashable {
    var tokens: [String]

    init(tokens: [String]) { self.tokens = tokens }

    /// Parses `text`; the empty string is the whole document. Anything not starting with `/` is invalid.
    init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var parsed: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let c = iterator.next() {
                if c == "~" {
                    switch iterator.next() {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: return nil  // `~` must be followed by 0 or 1
                    }
                } else {
                    token.append(c)
                }
            }
            parsed.append(token)
        }
        tokens = parsed
    }

    var isRoot: Bool { tokens.isEmpty }
    var parent: JSONPointer { JSONPointer(tokens: Array(tokens.dropLast())) }
    var last: String { tokens.last ?? "" }

    /// True when `self` is `other` or lies inside it (a move may not move a value into itself).
    func isPrefix(of other: JSONPointer) -> Bool {
        tokens.count <= other.tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// An array index token: decimal digits without a leading zero (RFC 6901 §4); `-` is handled by callers.
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if token.count > 1 && token.hasPrefix("0") { return nil }
        return Int(token)
    }
}
