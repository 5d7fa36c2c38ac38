import SkiffYAML
import Testing

struct YAMLScalarKindTests {
    /// Plain scalars under the YAML 1.2 core schema.
    static let plainTable: [(String, ScalarKind)] = [
        // null
        ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
        ("nULL", .string), ("~~", .string), ("none", .string), ("nil", .string),
        // bool
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("tRUE", .string), ("yes", .string), ("no", .string), ("on", .string), ("off", .string), ("y", .string),
        // int
        ("0", .int(0)), ("42", .int(42)), ("+42", .int(42)), ("-42", .int(-42)), ("007", .int(7)),
        ("0o17", .int(15)), ("0x1F", .int(31)), ("0xff", .int(255)), ("0x7FFFFFFFFFFFFFFF", .int(Int64.max)),
        ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775808", .float("9223372036854775808")),
        ("-9223372036854775809", .float("-9223372036854775809")),
        ("123456789012345678901234567890", .float("123456789012345678901234567890")),
        ("0x10000000000000000", .float("0x10000000000000000")),
        ("0o8", .string), ("0xG", .string), ("0x", .string), ("0o", .string), ("-0x1F", .string), ("0X1F", .string),
        ("1_000", .string), ("+", .string), ("-", .string), ("1-2", .string),
        // float
        ("1.5", .float("1.5")), ("-1.5", .float("-1.5")), ("+.5", .float("+.5")), (".5", .float(".5")),
        ("1.", .float("1.")), ("1e3", .float("1e3")), ("1E-3", .float("1E-3")), ("2.5e+10", .float("2.5e+10")),
        (".inf", .float(".inf")), ("-.inf", .float("-.inf")), ("+.Inf", .float("+.Inf")), (".INF", .float(".INF")),
        (".nan", .float(".nan")), (".NaN", .float(".NaN")), (".NAN", .float(".NAN")),
        ("-.nan", .string), (".", .string), ("1e", .string), ("1e+", .string), (".e3", .string), ("1.2.3", .string),
        ("inf", .string), ("nan", .string), (".infinity", .string),
        // strings that start like other things
        ("100m", .string), ("2Gi", .string), ("1.5Gi", .string), ("nvidia.com/gpu", .string), ("-x", .string),
        ("truex", .string), ("nullable", .string), ("falsey", .string), ("2001-12-14", .string),
        ("hello", .string), ("é", .string),
    ]

    @Test(arguments: plainTable)
    func plainScalarResolves(text: String, expected: ScalarKind) {
        #expect(YAMLScalar(text).kind == expected, "plain \(text.debugDescription)")
    }

    @Test(arguments: [ScalarStyle.singleQuoted, .doubleQuoted, .literal, .folded])
    func nonPlainScalarsAreStrings(style: ScalarStyle) {
        for text in ["", "null", "~", "true", "1", "0x1F", "1.5", ".inf"] {
            #expect(YAMLScalar(text, style: style).kind == .string, "\(style) \(text.debugDescription)")
        }
    }

    static let taggedTable: [(String, ScalarStyle, String, ScalarKind)] = [
        ("123", .plain, "tag:yaml.org,2002:str", .string),
        ("true", .plain, "!!str", .string),
        ("12", .doubleQuoted, "tag:yaml.org,2002:int", .int(12)),
        ("0x1F", .singleQuoted, "tag:yaml.org,2002:int", .int(31)),
        ("99999999999999999999", .plain, "tag:yaml.org,2002:int", .float("99999999999999999999")),
        ("1.5", .plain, "tag:yaml.org,2002:int", .string),
        ("abc", .plain, "tag:yaml.org,2002:int", .string),
        ("1", .plain, "tag:yaml.org,2002:float", .float("1")),
        ("2.5", .doubleQuoted, "tag:yaml.org,2002:float", .float("2.5")),
        ("x", .plain, "tag:yaml.org,2002:float", .string),
        ("true", .doubleQuoted, "tag:yaml.org,2002:bool", .bool(true)),
        ("yes", .plain, "tag:yaml.org,2002:bool", .string),
        ("", .plain, "tag:yaml.org,2002:null", .null),
        ("~", .singleQuoted, "tag:yaml.org,2002:null", .null),
        ("x", .plain, "tag:yaml.org,2002:null", .string),
        ("12", .plain, "!", .string),
        ("12", .plain, "!custom", .int(12)),
        ("12", .doubleQuoted, "!custom", .string),
    ]

    @Test(arguments: taggedTable)
    func explicitTagOverridesStyle(text: String, style: ScalarStyle, tag: String, expected: ScalarKind) {
        #expect(YAMLScalar(text, style: style, tag: tag).kind == expected, "\(tag) \(text.debugDescription)")
    }

    @Test func parsedTagsResolve() throws {
        let docs = try YAMLParser().parse("a: !!str 123\nb: !!int \"7\"\nc: !!float 1\nd: ! 12\ne: 12\n")
        let root = try #require(docs.first?.root)
        #expect(root["a"]?.scalar?.kind == .string)
        #expect(root["b"]?.scalar?.kind == .int(7))
        #expect(root["c"]?.scalar?.kind == .float("1"))
        #expect(root["d"]?.scalar?.kind == .string)
        #expect(root["e"]?.scalar?.kind == .int(12))
    }
}
