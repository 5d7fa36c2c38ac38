import SkiffYAML
import Testing

struct YAMLNodeAccessTests {
    @Test func accessorsMatchTheContent() throws {
        let root = try #require(try YAMLParser().parse("m: {a: 1}\nl: [x, y]\ns: text\n").first?.root)
        #expect(root.pairs?.count == 3)
        #expect(root.items == nil)
        #expect(root.scalar == nil)
        #expect(root["l"]?.items?.compactMap(\.scalar?.value) == ["x", "y"])
        #expect(root["m"]?["a"]?.scalar == YAMLScalar("1"))
        #expect(root["s"]?.scalar?.value == "text")
        #expect(root["missing"] == nil)
        #expect(root["s"]?["a"] == nil)
    }

    @Test func subscriptMatchesKeysInAnyQuotingStyle() throws {
        let root = try #require(try YAMLParser().parse("'a': 1\n\"b\": 2\n3: three\n").first?.root)
        #expect(root["a"]?.scalar?.value == "1")
        #expect(root["b"]?.scalar?.value == "2")
        #expect(root["3"]?.scalar?.value == "three")
    }

    @Test func kindDescriptionNamesWhatWasFound() throws {
        let root = try #require(
            try YAMLParser().parse("m: {}\nl: []\ns: x\nq: '1'\ni: 1\nf: 1.5\nb: false\nn: ~\ne:\n").first?.root
        )
        let described = try #require(root.pairs).map { "\($0.key.scalar?.value ?? ""): \($0.value.kindDescription)" }
        #expect(
            described == [
                "m: a mapping", "l: a list", "s: a string", "q: a string", "i: a number", "f: a number",
                "b: a boolean", "n: null", "e: null",
            ]
        )
    }

    @Test func removingMarksClearsEveryMark() throws {
        let root = try #require(try YAMLParser().parse("a:\n  - b: 1\n").first?.root)
        let stripped = root.removingMarks()
        #expect(stripped.mark == Mark.none)
        #expect(stripped["a"]?.mark == Mark.none)
        #expect(stripped["a"]?.items?.first?["b"]?.mark == Mark.none)
        #expect(stripped == .mapping([("a", .sequence([.mapping([("b", .float("1"))])]))]))
    }

    /// What `YAMLNode.string` chooses: plain when that reads back as the same string, quoted otherwise.
    static let styleTable: [(String, ScalarStyle)] = [
        ("nginx", .plain), ("2Gi", .plain), ("100m", .plain), ("nvidia.com/gpu", .plain), ("a b", .plain),
        ("-x", .plain), ("a:b", .plain), ("a#b", .plain), ("https://example.com/x?y=1", .plain), ("é", .plain),
        ("a,b", .plain), ("${{inputs.lr}}", .plain), ("12.5%", .plain),
        ("", .doubleQuoted), ("1", .doubleQuoted), ("0.5", .doubleQuoted), ("true", .doubleQuoted),
        ("False", .doubleQuoted), ("null", .doubleQuoted), ("~", .doubleQuoted), ("0x1F", .doubleQuoted),
        ("0o7", .doubleQuoted), (".inf", .doubleQuoted), ("1e3", .doubleQuoted),
        ("yes", .doubleQuoted), ("No", .doubleQuoted), ("on", .doubleQuoted), ("y", .doubleQuoted),
        ("0777", .doubleQuoted), ("1_000", .doubleQuoted), ("12:30", .doubleQuoted), ("2001-12-14", .doubleQuoted),
        ("2001-12-14T21:59:43Z", .doubleQuoted), ("<<", .doubleQuoted),
        ("a\tb", .doubleQuoted), ("bell\u{7}", .doubleQuoted), ("😀", .doubleQuoted),
        ("a: b", .singleQuoted), ("- x", .singleQuoted), ("#x", .singleQuoted), ("a #b", .singleQuoted),
        (" lead", .singleQuoted), ("trail ", .singleQuoted), ("*ref", .singleQuoted), ("&a", .singleQuoted),
        ("!tag", .singleQuoted), ("[x]", .singleQuoted), ("{x}", .singleQuoted), ("'q'", .singleQuoted),
        ("\"q\"", .singleQuoted), ("@x", .singleQuoted), ("`x", .singleQuoted), ("%x", .singleQuoted),
        ("|x", .singleQuoted), (">x", .singleQuoted), ("---", .singleQuoted), ("...", .singleQuoted),
        ("-", .singleQuoted), ("?", .singleQuoted), (":", .singleQuoted), ("a:", .singleQuoted),
        ("line1\nline2", .literal), ("line1\nline2\n", .literal), ("\nlead", .literal), ("a\n\n\n", .literal),
        ("  indented\ntext", .literal),
        ("trailing space \nx", .doubleQuoted), ("cr\r\nlf", .doubleQuoted), ("tab\tand\nbreak", .doubleQuoted),
    ]

    @Test(arguments: styleTable)
    func stringFactoryChoosesAStyle(text: String, expected: ScalarStyle) {
        let node = YAMLNode.string(text)
        #expect(node.scalar?.style == expected, "\(text.debugDescription)")
        #expect(node.scalar?.value == text)
        #expect(node.scalar?.kind == .string)
        #expect(node.mark == Mark.none)
    }

    @Test func scalarFactories() {
        #expect(YAMLNode.int(42).scalar == YAMLScalar("42"))
        #expect(YAMLNode.int(Int64.min).scalar?.kind == .int(Int64.min))
        #expect(YAMLNode.int(UInt8(7)).scalar?.kind == .int(7))
        #expect(YAMLNode.bool(true).scalar?.kind == .bool(true))
        #expect(YAMLNode.bool(false).scalar == YAMLScalar("false"))
        #expect(YAMLNode.null.scalar == YAMLScalar("null"))
        #expect(YAMLNode.null.kindDescription == "null")
        #expect(YAMLNode.float("1.0").scalar?.kind == .float("1.0"))
        #expect(YAMLNode.float(0.5).scalar?.kind == .float("0.5"))
        #expect(YAMLNode.float(1e-5).scalar?.kind == .float("1e-05"))
        #expect(YAMLNode.float(-Double.infinity).scalar?.kind == .float("-.inf"))
        #expect(YAMLNode.float(Double.nan).scalar?.kind == .float(".nan"))
    }

    @Test func collectionFactoriesKeepOrder() {
        let node = YAMLNode.mapping([("b", .int(1)), ("a", .sequence([.string("x"), .null])), ("1", .bool(true))])
        let keys = node.pairs?.map(\.key)
        #expect(keys == [.string("b"), .string("a"), .string("1")])
        #expect(keys?.last?.scalar?.style == .doubleQuoted)
        #expect(node["a"]?.items == [.string("x"), .null])
        #expect(node["1"]?.kindDescription == "a boolean")
        #expect(YAMLNode.sequence([]).items == [])
        #expect(YAMLNode.mapping([]).pairs == [])
    }
}
