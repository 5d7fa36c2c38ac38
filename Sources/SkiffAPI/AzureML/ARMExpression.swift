/// A parsed ARM template expression (`[if(parameters('x'), 'a', 'b')]`): literals, function calls (optionally in a
/// user-defined namespace, `default.boolToString(...)`), and property or index access on their results.
public indirect enum ARMExpression: Sendable, Hashable {
    case string(String)
    case int(Int64)
    case call(namespace: String?, name: String, arguments: [ARMExpression])
    case property(ARMExpression, String)
    case index(ARMExpression, ARMExpression)

    /// Why an expression could not be parsed.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// 0-based offset in the expression text.
        public var offset: Int
        /// What was expected.
        public var message: String

        public init(offset: Int, message: String) {
            self.offset = offset
            self.message = message
        }

        public var description: String { "\(message) at character \(offset + 1)" }
    }

    /// Whether a template string is an expression: `[…]`, but not `[[…` (an escaped literal bracket).
    public static func isExpression(_ text: String) -> Bool {
        text.hasPrefix("[") && !text.hasPrefix("[[") && text.hasSuffix("]")
    }

    /// The literal a non-expression template string stands for (`[[x]` is `[x]`).
    public static func literal(_ text: String) -> String {
        text.hasPrefix("[[") ? String(text.dropFirst()) : text
    }

    /// Parses the text inside the brackets of an expression string.
    public static func parse(_ text: String) throws(ParseError) -> ARMExpression {
        var parser = Parser(Array(text.utf8))
        parser.skipSpaces()
        let expression = try parser.expression()
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.error("unexpected \(parser.describeCurrent())") }
        return expression
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position >= bytes.count }

        func error(_ message: String) -> ParseError { ParseError(offset: position, message: message) }

        func describeCurrent() -> String {
            atEnd ? "end of expression" : "'\(String(decoding: [bytes[position]], as: UTF8.self))'"
        }

        mutating func skipSpaces() {
            while !atEnd,
                bytes[position] == 32 || bytes[position] == 9 || bytes[position] == 10 || bytes[position] == 13
            {
                position += 1
            }
        }

        mutating func expect(_ byte: UInt8) throws(ParseError) {
            skipSpaces()
            guard !atEnd, bytes[position] == byte else {
                throw error("expected '\(String(decoding: [byte], as: UTF8.self))', found \(describeCurrent())")
            }
            position += 1
        }

        static func isIdentifierByte(_ byte: UInt8, first: Bool) -> Bool {
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
                || (!first && byte >= 48 && byte <= 57)
        }

        mutating func identifier() throws(ParseError) -> String {
            let start = position
            guard !atEnd, Parser.isIdentifierByte(bytes[position], first: true) else {
                throw error("expected a function name, found \(describeCurrent())")
            }
            while !atEnd, Parser.isIdentifierByte(bytes[position], first: false) { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func expression() throws(ParseError) -> ARMExpression {
            skipSpaces()
            guard !atEnd else { throw error("expected an expression, found end of expression") }
            var result: ARMExpression
            let byte = bytes[position]
            if byte == 39 {
                result = .string(try stringLiteral())
            } else if byte == 45 || (byte >= 48 && byte <= 57) {
                result = .int(try intLiteral())
            } else {
                var name = try identifier()
                var namespace: String?
                if !atEnd, bytes[position] == 46 {
                    position += 1
                    namespace = name
                    name = try identifier()
                }
                try expect(40)
                var arguments: [ARMExpression] = []
                skipSpaces()
                if !atEnd, bytes[position] == 41 {
                    position += 1
                } else {
                    while true {
                        arguments.append(try expression())
                        skipSpaces()
                        guard !atEnd else { throw error("expected ',' or ')', found end of expression") }
                        if bytes[position] == 44 {
                            position += 1
                            continue
                        }
                        try expect(41)
                        break
                    }
                }
                result = .call(namespace: namespace, name: name, arguments: arguments)
            }
            while true {
                skipSpaces()
                guard !atEnd else { break }
                if bytes[position] == 46 {
                    position += 1
                    result = .property(result, try identifier())
                } else if bytes[position] == 91 {
                    position += 1
                    let index = try expression()
                    try expect(93)
                    result = .index(result, index)
                } else {
                    break
                }
            }
            return result
        }

        mutating func stringLiteral() throws(ParseError) -> String {
            position += 1
            var out: [UInt8] = []
            while !atEnd {
                if bytes[position] == 39 {
                    if position + 1 < bytes.count, bytes[position + 1] == 39 {
                        out.append(39)
                        position += 2
                        continue
                    }
                    position += 1
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(bytes[position])
                position += 1
            }
            throw error("unterminated string literal")
        }

        mutating func intLiteral() throws(ParseError) -> Int64 {
            let start = position
            if bytes[position] == 45 { position += 1 }
            while !atEnd, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
            guard let value = Int64(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                throw ParseError(offset: start, message: "invalid integer")
            }
            return value
        }
    }
}
