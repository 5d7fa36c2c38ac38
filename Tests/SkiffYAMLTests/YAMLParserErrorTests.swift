import SkiffYAML
import Testing

/// Bad input at the YAML level: every case names the exact position and what the message says.
struct YAMLParserErrorTests {
    struct BadInput: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var limits = YAMLLimits()
        var mark: Mark
        var message: String

        init(_ name: String, _ text: String, limits: YAMLLimits = YAMLLimits(), at mark: Mark, _ message: String) {
            self.init(name, bytes: Array(text.utf8), limits: limits, at: mark, message)
        }

        init(_ name: String, bytes: [UInt8], limits: YAMLLimits = YAMLLimits(), at mark: Mark, _ message: String) {
            self.name = name
            self.bytes = bytes
            self.limits = limits
            self.mark = mark
            self.message = message
        }

        var testDescription: String { name }
    }

    /// `a: &a [lol ×10]`, then each next line anchors a list of 10 aliases to the line before: 10^9 nodes expanded.
    static let billionLaughs: String = {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = ["a: &a [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ", ") + "]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            let aliases = Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
            lines.append("\(name): &\(name) [\(aliases)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static let corpus: [BadInput] = [
        BadInput(
            "unclosed flow sequence", "a: [1, 2\nb: 3\n", at: Mark(line: 2, column: 2),
            "did not find expected ',' or ']' while parsing a flow sequence started at line 1, column 4"
        ),
        BadInput(
            "flow sequence unclosed at end of file", "a: [1, 2", at: Mark(line: 1, column: 4),
            "did not find expected ',' or ']' while parsing a flow sequence started at line 1, column 4"
        ),
        BadInput(
            "unclosed flow mapping", "{\"a\": 1,\n\"b\": 2\n", at: Mark(line: 1, column: 1),
            "did not find expected ',' or '}' while parsing a flow mapping started at line 1, column 1"
        ),
        BadInput(
            "bad indentation", "a:\n  b: 1\n c: 2\n", at: Mark(line: 3, column: 2),
            "did not find expected key while parsing a block mapping started at line 1, column 1"
        ),
        BadInput(
            "list item outdented", "items:\n  - a\n - b\n", at: Mark(line: 3, column: 2),
            "did not find expected key while parsing a block mapping started at line 1, column 1"
        ),
        BadInput(
            "tab indentation in block context", "spec:\n\tname: x\n", at: Mark(line: 2, column: 1),
            "found a tab character where indentation or a value was expected"
        ),
        BadInput(
            "unterminated double quote", "a: \"abc\nb: 1\n", at: Mark(line: 1, column: 4),
            "found unexpected end of stream while scanning a quoted scalar started at line 1, column 4"
        ),
        BadInput(
            "unterminated single quote", "x: 1\nkey: 'abc\n", at: Mark(line: 2, column: 6),
            "found unexpected end of stream while scanning a quoted scalar"
        ),
        BadInput(
            "colon inside a plain value", "command: echo a: b\n", at: Mark(line: 1, column: 16),
            "mapping values are not allowed in this context: expected the end of the value; quote a value"
        ),
        BadInput(
            "billion laughs, small cap", billionLaughs, limits: YAMLLimits(maxAliasExpansion: 1_000),
            at: Mark(line: 3, column: 40), "alias expansion exceeds the limit of 1000 nodes"
        ),
        BadInput(
            "billion laughs, default cap", billionLaughs, at: Mark(line: 5, column: 36),
            "alias expansion exceeds the limit of 100000 nodes"
        ),
        BadInput(
            "unknown anchor", "a: 1\nb: *base\n", at: Mark(line: 2, column: 4), "unknown anchor 'base' referenced"
        ),
        BadInput(
            "anchor used inside itself", "a: &loop [1, *loop]\n", at: Mark(line: 1, column: 14),
            "alias *loop refers to a node that contains it"
        ),
        BadInput(
            "anchor from an earlier document", "a: &x 1\n---\nb: *x\n", at: Mark(line: 3, column: 4),
            "unknown anchor 'x' referenced"
        ),
        BadInput(
            "duplicate key", "a: 1\nb: 2\na: 3\n", at: Mark(line: 3, column: 1), "duplicate key 'a' (first at line 1)"
        ),
        BadInput(
            "duplicate key in another quoting style", "spec:\n  name: x\n  'name': y\n", at: Mark(line: 3, column: 3),
            "duplicate key 'name' (first at line 2)"
        ),
        BadInput(
            "duplicate key in JSON", "{\"a\": 1, \"a\": 2}", at: Mark(line: 1, column: 10),
            "duplicate key 'a' (first at line 1)"
        ),
        BadInput(
            "nesting deeper than the limit", "a:\n  b:\n    c:\n      d: 1\n", limits: YAMLLimits(maxDepth: 3),
            at: Mark(line: 4, column: 7), "nesting deeper than 3 levels"
        ),
        BadInput(
            "flow nesting deeper than the default limit", String(repeating: "[", count: 101),
            at: Mark(line: 1, column: 101), "nesting deeper than 100 levels"
        ),
        BadInput(
            "too many documents", "a: 1\n---\nb: 2\n---\nc: 3\n", limits: YAMLLimits(maxDocuments: 2),
            at: Mark(line: 4, column: 1), "more than 2 documents in one file"
        ),
        BadInput(
            "file over the size limit", "name: abcdef\n", limits: YAMLLimits(maxBytes: 12),
            at: Mark(line: 1, column: 1),
            "file is 13 bytes, over the limit of 12 bytes"
        ),
        BadInput(
            "NUL bytes", bytes: Array("apiVersion: v1\nkind: Pod\n".utf8) + [0, 0, 1, 0x41],
            at: Mark(line: 3, column: 1), "control character U+0000 is not allowed in YAML (byte offset 25)"
        ),
        BadInput(
            "Latin-1 text", bytes: Array("name: caf".utf8) + [0xE9, 0x0A], at: Mark(line: 1, column: 10),
            "invalid UTF-8: incomplete character starting with byte 0xE9 at byte offset 9"
        ),
        BadInput(
            "byte that starts no character", bytes: Array("a: 1\nb: ".utf8) + [0xFF, 0x0A],
            at: Mark(line: 2, column: 4),
            "invalid UTF-8: no character starts with byte 0xFF at byte offset 8"
        ),
        BadInput(
            "invalid UTF-8 after multi-byte characters", bytes: Array("é: ü\nab: é".utf8) + [0xFF],
            at: Mark(line: 2, column: 6), "invalid UTF-8: no character starts with byte 0xFF at byte offset 13"
        ),
        BadInput(
            "merge of a scalar", "a:\n  <<: 1\n", at: Mark(line: 2, column: 7),
            "expected a mapping or a list of mappings to merge, found a number"
        ),
        BadInput(
            "merge of a list of scalars", "base: &b x\nc:\n  <<: [*b]\n", at: Mark(line: 3, column: 8),
            "expected a mapping to merge, found a string"
        ),
    ]

    @Test(arguments: corpus)
    func badInputIsReportedAtItsPosition(input: BadInput) {
        do {
            let documents = try YAMLParser(limits: input.limits).parse(bytes: input.bytes, file: "bad.yaml")
            Issue.record("\(input.name): parsed \(documents.count) documents, expected an error")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.mark == input.mark, "\(input.name): \(error)")
            #expect(error.message.contains(input.message), "\(input.name): \(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(input.mark.line):\(input.mark.column): "))
        }
    }

    @Test func billionLaughsIsWhatItClaims() {
        let lines = Self.billionLaughs.split(separator: "\n")
        #expect(lines.count == 9)
        #expect(lines[2].hasPrefix("c: &c [*b, *b, "))
        #expect(lines[8].filter { $0 == "*" }.count == 10)
    }

    /// Random bytes with NULs never crash the parser; each run reports a position inside the input.
    @Test(arguments: 1...20)
    func randomBinaryIsRejected(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var bytes = (0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[Int.random(in: 0..<512, using: &generator)] = 0
        do {
            _ = try YAMLParser().parse(bytes: bytes, file: "random.bin")
            Issue.record("random bytes with a NUL parsed without an error")
        } catch {
            #expect(error.file == "random.bin")
            #expect(error.mark.line >= 1 && error.mark.column >= 1)
            #expect(!error.message.isEmpty)
        }
    }
}

/// A small seeded generator so the random inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
