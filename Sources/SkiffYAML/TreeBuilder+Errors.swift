import CLibYAML

extension TreeBuilder {
    /// Turns libyaml's error state into a ``YAMLError`` that says what was expected and points at the problem.
    ///
    /// - Scanner and parser errors keep libyaml's wording ("did not find expected ',' or ']' while parsing a flow
    ///   sequence started at line 1, column 4") at libyaml's problem position. Where libyaml only found the end
    ///   of the input (an unterminated quote or flow collection), the mark is where the unfinished construct
    ///   started, which is where the fix goes. A tab where indentation was expected gets a message that says so.
    /// - Reader errors (bytes that are not UTF-8, control characters) come with a byte offset only; the mark is
    ///   computed from it over the input.
    func parserError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(file: file, mark: Mark(line: 1, column: 1), message: "out of memory while reading YAML")
        case YAML_READER_ERROR:
            return readerError(problem, offset: Int(parser.problem_offset), value: Int(parser.problem_value))
        default:
            break
        }
        let problemMark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        let locator = SourceLocator(bytes: input)
        if problem == "found character that cannot start any token",
            let offset = locator.byteOffset(of: problemMark), offset < input.count, input[offset] == UInt8(ascii: "\t")
        {
            return YAMLError(
                file: file,
                mark: problemMark,
                message: "found a tab character where indentation or a value was expected; YAML indents with spaces"
            )
        }
        guard let context = parser.context.map({ String(cString: $0) }) else {
            if problem == "mapping values are not allowed in this context" {
                return YAMLError(
                    file: file,
                    mark: problemMark,
                    message: "\(problem): expected the end of the value; quote a value that contains ': '"
                )
            }
            return YAMLError(file: file, mark: problemMark, message: problem)
        }
        let contextMark = Mark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1)
        let message = "\(problem) \(context) started at line \(contextMark.line), column \(contextMark.column)"
        // libyaml puts the end of the stream on a line of its own, past the last byte: no offset maps to it.
        let atEnd = problem == "found unexpected end of stream"
            || locator.byteOffset(of: problemMark).map { $0 >= input.count } ?? true
        return YAMLError(file: file, mark: atEnd ? contextMark : problemMark, message: message)
    }

    private func readerError(_ problem: String, offset: Int, value: Int) -> YAMLError {
        let locator = SourceLocator(bytes: input)
        guard !locator.isUTF16 else {
            return YAMLError(file: file, mark: Mark(line: 1, column: 1), message: "\(problem) at byte offset \(offset)")
        }
        var start = min(offset, input.count)
        if problem == "invalid trailing UTF-8 octet" {
            // libyaml points at the octet that broke the sequence; the character starts at its lead byte.
            while start > 0, input[start - 1] & 0xC0 == 0x80 { start -= 1 }
            if start > 0, input[start - 1] >= 0xC0 { start -= 1 }
        }
        let mark = locator.mark(atByteOffset: start)
        let message: String
        if problem == "control characters are not allowed" {
            message = "control character U+\(Self.hex(value, digits: 4)) is not allowed in YAML "
                + "(byte offset \(start)); is this a binary file?"
        } else if let what = Self.utf8Problems[problem] {
            let byte = start < input.count ? "0x\(Self.hex(Int(input[start]), digits: 2))" : "end of input"
            message = "invalid UTF-8: \(what) \(byte) at byte offset \(start); the file must be UTF-8 text"
        } else {
            message = "\(problem) at byte offset \(start)"
        }
        return YAMLError(file: file, mark: mark, message: message)
    }

    /// libyaml's reader problems, reworded around the byte they are reported at.
    private static let utf8Problems: [String: String] = [
        "invalid leading UTF-8 octet": "no character starts with byte",
        "invalid trailing UTF-8 octet": "incomplete character starting with byte",
        "incomplete UTF-8 octet sequence": "incomplete character starting with byte",
        "invalid length of a UTF-8 sequence": "overlong encoding starting with byte",
        "invalid Unicode character": "no Unicode character (a surrogate or beyond U+10FFFF) starts with byte",
    ]

    private static func hex(_ value: Int, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
