extension LabelSelector {
    /// Parses Kubernetes' label selector syntax (`labels.Parse`): comma-separated requirements `key`, `!key`,
    /// `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key>1`, `key<1`, with
    /// whitespace allowed around tokens. Errors carry Kubernetes' messages. The empty string matches everything.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        self.init(requirements: try parser.parse())
    }
}

/// Kubernetes' label selector lexer and recursive-descent parser, token for token, so that odd inputs
/// (`x in (a,)`, `notin=in`, `x= `) mean what they mean there and errors say what they say there.
private struct LabelSelectorParser {
    enum Token: Equatable {
        case error, endOfString, closedParenthesis, comma, doesNotExist, doubleEquals, equals, greaterThan,
            identifier, `in`, lessThan, notEquals, notIn, openParenthesis
    }

    /// Whether a token is read as an operator or, inside values, as an identifier (`in` and `notin`).
    enum Context {
        case keyAndOperator, values
    }

    struct Item {
        var token: Token
        var literal: String
    }

    private let bytes: [UInt8]
    private var position = 0
    private var items: [Item] = []
    private var current = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    private static func keyword(_ literal: [UInt8]) -> Token? {
        switch literal {
        case [UInt8(ascii: ")")]: .closedParenthesis
        case [UInt8(ascii: ",")]: .comma
        case [UInt8(ascii: "!")]: .doesNotExist
        case [UInt8(ascii: "="), UInt8(ascii: "=")]: .doubleEquals
        case [UInt8(ascii: "=")]: .equals
        case [UInt8(ascii: ">")]: .greaterThan
        case Array("in".utf8): .in
        case [UInt8(ascii: "<")]: .lessThan
        case [UInt8(ascii: "!"), UInt8(ascii: "=")]: .notEquals
        case Array("notin".utf8): .notIn
        case [UInt8(ascii: "(")]: .openParenthesis
        default: nil
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    private static func isSpecialSymbol(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
            UInt8(ascii: ">"), UInt8(ascii: "<"):
            return true
        default:
            return false
        }
    }

    // MARK: Lexer

    /// The next byte, or 0 at the end (a NUL byte reads as the end too, as in Go's lexer).
    private mutating func read() -> UInt8 {
        guard position < bytes.count else { return 0 }
        position += 1
        return bytes[position - 1]
    }

    private mutating func unread() {
        position -= 1
    }

    private mutating func scanIdentifierOrKeyword() -> Item {
        var buffer: [UInt8] = []
        while true {
            let byte = read()
            if byte == 0 {
                break
            }
            if Self.isSpecialSymbol(byte) || Self.isWhitespace(byte) {
                unread()
                break
            }
            buffer.append(byte)
        }
        let literal = String(decoding: buffer, as: UTF8.self)
        return Item(token: Self.keyword(buffer) ?? .identifier, literal: literal)
    }

    private mutating func scanSpecialSymbol() -> Item {
        var last: Item?
        var buffer: [UInt8] = []
        while true {
            let byte = read()
            if byte == 0 {
                break
            }
            guard Self.isSpecialSymbol(byte) else {
                unread()
                break
            }
            buffer.append(byte)
            if let token = Self.keyword(buffer) {
                last = Item(token: token, literal: String(decoding: buffer, as: UTF8.self))
            } else if last != nil {
                unread()
                break
            }
        }
        guard let last else {
            return Item(
                token: .error,
                literal: "error expected: keyword found '\(String(decoding: buffer, as: UTF8.self))'"
            )
        }
        return last
    }

    private mutating func lex() -> Item {
        var byte = read()
        while Self.isWhitespace(byte) {
            byte = read()
        }
        if byte == 0 {
            return Item(token: .endOfString, literal: "")
        }
        unread()
        return Self.isSpecialSymbol(byte) ? scanSpecialSymbol() : scanIdentifierOrKeyword()
    }

    // MARK: Parser

    private func lookahead(_ context: Context) -> Item {
        var item = items[current]
        if context == .values && (item.token == .in || item.token == .notIn) {
            item.token = .identifier
        }
        return item
    }

    private mutating func consume(_ context: Context) -> Item {
        let item = lookahead(context)
        current += 1
        return item
    }

    mutating func parse() throws(SelectorError) -> [LabelSelector.Requirement] {
        while true {
            let item = lex()
            items.append(item)
            if item.token == .endOfString {
                break
            }
        }
        var requirements: [LabelSelector.Requirement] = []
        while true {
            let item = lookahead(.values)
            switch item.token {
            case .identifier, .doesNotExist:
                do {
                    requirements.append(try parseRequirement())
                } catch {
                    throw SelectorError("unable to parse requirement: " + error.message)
                }
                let next = consume(.values)
                switch next.token {
                case .endOfString:
                    return requirements
                case .comma:
                    let following = lookahead(.values)
                    if following.token != .identifier && following.token != .doesNotExist {
                        throw SelectorError("found '\(following.literal)', expected: identifier after ','")
                    }
                default:
                    throw SelectorError("found '\(next.literal)', expected: ',' or 'end of string'")
                }
            case .endOfString:
                return requirements
            default:
                throw SelectorError("found '\(item.literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelSelector.Requirement {
        let (key, inferred) = try parseKeyAndInferOperator()
        if let inferred {
            return try LabelSelector.Requirement(key: key, operator: inferred, values: [])
        }
        let op = try parseOperator()
        let values: [String]
        switch op {
        case .in, .notIn:
            values = try parseValues()
        default:
            values = try parseExactValue()
        }
        return try LabelSelector.Requirement(key: key, operator: op, values: values)
    }

    /// The key, and `exists`/`doesNotExist` when no binary operator follows.
    private mutating func parseKeyAndInferOperator() throws(SelectorError) -> (String, LabelSelector.Operator?) {
        var op: LabelSelector.Operator?
        var item = consume(.values)
        if item.token == .doesNotExist {
            op = .doesNotExist
            item = consume(.values)
        }
        guard item.token == .identifier else {
            throw SelectorError("found '\(item.literal)', expected: identifier")
        }
        let keyErrors = NameValidation.isQualifiedName(item.literal)
        if !keyErrors.isEmpty {
            // The parser validates the key against a nil field path, which Go prints as "<nil>".
            throw SelectorError(
                GoFormat.invalid(
                    path: "<nil>",
                    value: GoFormat.quoted(item.literal),
                    detail: keyErrors.joined(separator: "; ")
                )
            )
        }
        let next = lookahead(.values).token
        if (next == .endOfString || next == .comma) && op != .doesNotExist {
            op = .exists
        }
        return (item.literal, op)
    }

    private mutating func parseOperator() throws(SelectorError) -> LabelSelector.Operator {
        let item = consume(.keyAndOperator)
        switch item.token {
        case .in: return .in
        case .equals: return .equals
        case .doubleEquals: return .doubleEquals
        case .greaterThan: return .greaterThan
        case .lessThan: return .lessThan
        case .notIn: return .notIn
        case .notEquals: return .notEquals
        default:
            throw SelectorError("found '\(item.literal)', expected: in, notin, =, ==, !=, gt, lt")
        }
    }

    /// `(a,b,c)`, possibly with empty values; returned sorted and unique, as a Go string set's `List()`.
    private mutating func parseValues() throws(SelectorError) -> [String] {
        let open = consume(.values)
        guard open.token == .openParenthesis else {
            throw SelectorError("found '\(open.literal)' expected: '('")
        }
        let first = lookahead(.values)
        switch first.token {
        case .identifier, .comma:
            let values = try parseIdentifiersList()
            if consume(.values).token != .closedParenthesis {
                throw SelectorError("found '\(first.literal)', expected: ')'")
            }
            return values
        case .closedParenthesis:
            _ = consume(.values)
            return [""]
        default:
            throw SelectorError("found '\(first.literal)', expected: ',', ')' or identifier")
        }
    }

    private mutating func parseIdentifiersList() throws(SelectorError) -> [String] {
        var values = Set<String>()
        while true {
            let item = consume(.values)
            switch item.token {
            case .identifier:
                values.insert(item.literal)
                let next = lookahead(.values)
                switch next.token {
                case .comma:
                    continue
                case .closedParenthesis:
                    return LabelSelector.sortedByBytes(Array(values))
                default:
                    throw SelectorError("found '\(next.literal)', expected: ',' or ')'")
                }
            case .comma:
                if values.isEmpty {
                    values.insert("")
                }
                let next = lookahead(.values).token
                if next == .closedParenthesis {
                    values.insert("")
                    return LabelSelector.sortedByBytes(Array(values))
                }
                if next == .comma {
                    values.insert("")
                }
            default:
                throw SelectorError("found '\(item.literal)', expected: ',', or identifier")
            }
        }
    }

    private mutating func parseExactValue() throws(SelectorError) -> [String] {
        let next = lookahead(.values).token
        if next == .endOfString || next == .comma {
            return [""]
        }
        let item = consume(.values)
        guard item.token == .identifier else {
            throw SelectorError("found '\(item.literal)', expected: identifier")
        }
        return [item.literal]
    }
}
