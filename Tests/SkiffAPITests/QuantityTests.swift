import Foundation
import SkiffAPI
import Testing

/// Cases ported from Kubernetes' `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity_test.go`; each table
/// names the Go test it comes from. `decQuantity(m, e, f)` there is `Quantity(m, exponent: e, format: f)` here.
struct QuantityTests {
    typealias Format = Quantity.Format

    static func q(_ text: String) throws -> Quantity {
        try Quantity(parsing: text)
    }

    // MARK: TestQuantityParse

    struct ParseCase: Sendable, CustomTestStringConvertible {
        var input: String
        var mantissa: Int64
        var exponent: Int32
        var format: Format
        var testDescription: String { input }
        init(_ input: String, _ mantissa: Int64, _ exponent: Int32, _ format: Format) {
            (self.input, self.mantissa, self.exponent, self.format) = (input, mantissa, exponent, format)
        }
        var expected: Quantity { Quantity(mantissa, exponent: exponent, format: format) }
    }

    /// TestQuantityParse's table.
    static let parseTable: [ParseCase] = [
        .init("0", 0, 0, .decimalSI), .init("0n", 0, 0, .decimalSI), .init("0u", 0, 0, .decimalSI),
        .init("0m", 0, 0, .decimalSI), .init("0Ki", 0, 0, .binarySI), .init("0k", 0, 0, .decimalSI),
        .init("0Mi", 0, 0, .binarySI), .init("0M", 0, 0, .decimalSI), .init("0Gi", 0, 0, .binarySI),
        .init("0G", 0, 0, .decimalSI), .init("0Ti", 0, 0, .binarySI), .init("0T", 0, 0, .decimalSI),
        // Quantity less numbers are allowed
        .init("1", 1, 0, .decimalSI),
        // Binary suffixes
        .init("1Ki", 1024, 0, .binarySI), .init("8Ki", 8 * 1024, 0, .binarySI),
        .init("7Mi", 7 * 1024 * 1024, 0, .binarySI), .init("6Gi", 6 * 1024 * 1024 * 1024, 0, .binarySI),
        .init("5Ti", 5 << 40, 0, .binarySI), .init("4Pi", 4 << 50, 0, .binarySI),
        .init("3Ei", 3 << 60, 0, .binarySI), .init("10Ti", 10 << 40, 0, .binarySI),
        .init("100Ti", 100 << 40, 0, .binarySI),
        // Decimal suffixes
        .init("5n", 5, -9, .decimalSI), .init("4u", 4, -6, .decimalSI), .init("3m", 3, -3, .decimalSI),
        .init("9", 9, 0, .decimalSI), .init("8k", 8, 3, .decimalSI), .init("50k", 5, 4, .decimalSI),
        .init("7M", 7, 6, .decimalSI), .init("6G", 6, 9, .decimalSI), .init("5T", 5, 12, .decimalSI),
        .init("40T", 4, 13, .decimalSI), .init("300T", 3, 14, .decimalSI), .init("2P", 2, 15, .decimalSI),
        .init("1E", 1, 18, .decimalSI),
        // Decimal exponents
        .init("1E-3", 1, -3, .decimalExponent), .init("1e3", 1, 3, .decimalExponent),
        .init("1E6", 1, 6, .decimalExponent), .init("1e9", 1, 9, .decimalExponent),
        .init("1E12", 1, 12, .decimalExponent), .init("1e15", 1, 15, .decimalExponent),
        .init("1E18", 1, 18, .decimalExponent),
        // Nonstandard but still parsable
        .init("1e14", 1, 14, .decimalExponent), .init("1e13", 1, 13, .decimalExponent),
        .init("1e3", 1, 3, .decimalExponent), .init("100.035k", 100035, 0, .decimalSI),
        // Things that look like floating point
        .init("0.001", 1, -3, .decimalSI), .init("0.0005k", 5, -1, .decimalSI), .init("0.005", 5, -3, .decimalSI),
        .init("0.05", 5, -2, .decimalSI), .init("0.5", 5, -1, .decimalSI), .init("0.00050k", 5, -1, .decimalSI),
        .init("0.00500", 5, -3, .decimalSI), .init("0.05000", 5, -2, .decimalSI), .init("0.50000", 5, -1, .decimalSI),
        .init("0.5e0", 5, -1, .decimalExponent), .init("0.5e-1", 5, -2, .decimalExponent),
        .init("0.5e-2", 5, -3, .decimalExponent), .init("10.035M", 10035, 3, .decimalSI),
        .init("1.2e3", 12, 2, .decimalExponent), .init("1.3E+6", 13, 5, .decimalExponent),
        .init("1.40e9", 14, 8, .decimalExponent), .init("1.53E12", 153, 10, .decimalExponent),
        .init("1.6e15", 16, 14, .decimalExponent), .init("1.7E18", 17, 17, .decimalExponent),
        .init("9.01", 901, -2, .decimalSI), .init("8.1k", 81, 2, .decimalSI),
        .init("7.123456M", 7_123_456, 0, .decimalSI), .init("6.987654321G", 6_987_654_321, 0, .decimalSI),
        .init("5.444T", 5444, 9, .decimalSI), .init("40.1T", 401, 11, .decimalSI),
        .init("300.2T", 3002, 11, .decimalSI), .init("2.5P", 25, 14, .decimalSI), .init("1.01E", 101, 16, .decimalSI),
        // Things that saturate/round
        .init("3.001n", 4, -9, .decimalSI), .init("1.1E-9", 2, -9, .decimalExponent),
        .init("0.0000000001", 1, -9, .decimalSI), .init("0.0000000005", 1, -9, .decimalSI),
        .init("0.00000000050", 1, -9, .decimalSI), .init("0.5e-9", 1, -9, .decimalExponent),
        .init("0.9n", 1, -9, .decimalSI), .init("0.00000012345", 124, -9, .decimalSI),
        .init("0.00000012354", 124, -9, .decimalSI), .init("9Ei", .max, 0, .binarySI),
        .init("9223372036854775807Ki", .max, 0, .binarySI), .init("12E", 12, 18, .decimalSI),
        // We'll accept fractional binary stuff, too.
        .init("100.035Ki", 10_243_584, -2, .binarySI), .init("0.5Mi", 512 * 1024, 0, .binarySI),
        .init("0.05Gi", 536_870_912, -1, .binarySI), .init("0.025Ti", 274_877_906_944, -1, .binarySI),
        // Things written by trolls
        .init("0.000000000001Ki", 2, -9, .decimalSI), .init(".001", 1, -3, .decimalSI),
        .init(".0001k", 100, -3, .decimalSI), .init("1.", 1, 0, .decimalSI), .init("1.G", 1, 9, .decimalSI),
    ]

    @Test(arguments: parseTable)
    func parseMatchesKubernetesTable(_ item: ParseCase) throws {
        let parsed = try Self.q(item.input)
        #expect(parsed == item.expected, "\(item.input): got \(parsed)")
        #expect(parsed.format == item.format)

        // "Try the negative version of everything" and "everything with an explicit +".
        let negative = try Self.q("-" + item.input)
        #expect(negative == -item.expected)
        #expect(negative.format == item.format)
        let positive = try Self.q("+" + item.input)
        #expect(positive == item.expected)
        #expect(positive.format == item.format)
    }

    @Test func parseRejectsEmptyString() {
        #expect(throws: QuantityError.formatWrong) { try Quantity(parsing: "") }
    }

    /// TestQuantityParse's `invalid` list, with the error each gets from Kubernetes' parser.
    @Test(arguments: [
        ("1.1.M", QuantityError.formatWrong), ("1+1.0M", .formatWrong), ("0.1mi", .suffix), ("0.1am", .formatWrong),
        ("aoeu", .formatWrong), (".5i", .suffix), ("1i", .suffix), ("-3.01i", .suffix), ("-3.01e-", .suffix),
        // trailing whitespace is forbidden
        (" 1", .formatWrong), ("1 ", .formatWrong),
    ])
    func parseRejectsInvalidInput(_ input: String, _ error: QuantityError) {
        #expect(throws: error) { try Quantity(parsing: input) }
        #expect(Quantity.parse(input) == nil)
    }

    @Test func errorMessagesAreKubernetes() {
        #expect(
            QuantityError.formatWrong.description
                == "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        )
        #expect(QuantityError.numeric.description == "unable to parse numeric part of quantity")
        #expect(QuantityError.suffix.description == "unable to parse quantity's suffix")
    }

    /// TestParseQuantityString's odd inputs (`.`, `-.`) and the corners of `ParseQuantity`'s scanner.
    @Test func parseCornerCasesBehaveAsKubernetes() throws {
        #expect(try Self.q(".") == .zero)
        #expect(try Self.q("-.") == .zero)
        #expect(try Self.q("-") == .zero)
        #expect(try Self.q("+") == .zero)
        #expect(try Self.q("000") == .zero)
        #expect(try Self.q("e5").isZero)
        #expect(try Self.q("Ki").format == .binarySI)
        #expect(try Self.q("5.") == 5)
        #expect(try Self.q("1e+3") == 1000)
        #expect(try Self.q("1e03") == 1000)
        #expect(try Self.q("0.025Ti") == (try Self.q("27487790694400m")))
        // Kubernetes reads these through inf.Dec, which needs a digit.
        #expect(throws: QuantityError.numeric) { try Quantity(parsing: ".e-10") }
        #expect(throws: QuantityError.numeric) { try Quantity(parsing: "-e-10") }
        #expect(throws: QuantityError.suffix) { try Quantity(parsing: "1e") }
        #expect(throws: QuantityError.suffix) { try Quantity(parsing: "1ee3") }
        #expect(throws: QuantityError.suffix) { try Quantity(parsing: "1Ki5") }
        #expect(throws: QuantityError.formatWrong) { try Quantity(parsing: "1e3e3") }
        #expect(throws: QuantityError.formatWrong) { try Quantity(parsing: "1,5") }
    }

    @Test func exponentBeyondBoundIsRejected() throws {
        #expect(try Self.q("1e32767").canonical == "10e32766")
        #expect(try Self.q("1e32766") + Self.q("1n") > Self.q("1e32766"))
        #expect(throws: QuantityError.suffix) { try Quantity(parsing: "1e32768") }
        #expect(throws: QuantityError.suffix) { try Quantity(parsing: "1e-99999999999999999999") }
    }

    // MARK: TestQuantityParseZero, TestQuantityCanocicalizeZero

    @Test func zeroPrintsAsZero() throws {
        #expect(try Self.q("0").description == "0")
        // TestQuantityCanocicalizeZero: 1000m minus one unit of its scale... down to zero, never "0m".
        let zero = try Self.q("1000m") - (try Self.q("1"))
        #expect(zero.isZero)
        #expect(zero.canonical == "0")
        #expect(Quantity(0, exponent: -3).canonical == "0")
        #expect(Quantity(0, format: .binarySI).canonical == "0")
        #expect(Quantity.zero.description == "0")
    }

    // MARK: TestQuantityAddZeroPreservesSuffix, TestQuantitySubZeroPreservesSuffix

    @Test(arguments: ["100m", "1Gi"])
    func addingOrSubtractingZeroPreservesSuffix(_ text: String) throws {
        let value = try Self.q(text)
        let zero = try Self.q("0")
        #expect((value + zero).canonical == text)
        #expect((zero + value).canonical == text)
        #expect((value - zero).canonical == text)
        #expect((zero - value).canonical == (-value).canonical)
    }

    // MARK: TestQuantityCmp

    @Test(arguments: [("0", "0", 0), ("100m", "50m", 1), ("50m", "100m", -1), ("10000T", "100Gi", 1)])
    func compareMatchesKubernetes(_ x: String, _ y: String, _ expected: Int) throws {
        #expect(try Self.q(x).compare(to: Self.q(y)) == expected)
    }

    // MARK: TestQuantityCmpInt64AndDec

    @Test func compareAcrossScalesAndAtInt64Bounds() {
        typealias Case = (Quantity, Quantity, Int)
        let million18: Int64 = 1_000_000 * 1_000_000 * 1_000_000
        let table: [Case] = [
            (Quantity(901, exponent: -2), Quantity(901, exponent: -2), 0),
            (Quantity(90, exponent: -1), Quantity(901, exponent: -2), -1),
            (Quantity(901, exponent: -2), Quantity(900, exponent: -2), 1),
            (Quantity(0, exponent: 0), Quantity(0, exponent: 0), 0),
            (Quantity(0, exponent: 1), Quantity(0, exponent: -1), 0),
            (Quantity(0, exponent: -1), Quantity(0, exponent: 1), 0),
            (Quantity(800, exponent: -3), Quantity(1, exponent: 0), -1),
            (Quantity(800, exponent: -3), Quantity(79, exponent: -2), 1),
            (Quantity(.max, exponent: 0), Quantity(1, exponent: -1), 1),
            (Quantity(.max, exponent: 1), Quantity(1, exponent: 0), 1),
            (Quantity(.max, exponent: 1), Quantity(1, exponent: 1), 1),
            (Quantity(.max, exponent: 1), Quantity(0, exponent: 1), 1),
            (Quantity(.max, exponent: -16), Quantity(1, exponent: 3), -1),
            (Quantity(.min, exponent: 0), Quantity(0, exponent: 0), -1),
            (Quantity(.min, exponent: -18), Quantity(-1, exponent: 0), -1),
            (Quantity(.min, exponent: -19), Quantity(-1, exponent: 0), 1),
            (Quantity(million18, exponent: -17), Quantity(1, exponent: 1), 0),
            (Quantity(million18, exponent: -17), Quantity(-10, exponent: 0), 1),
            (Quantity(-million18, exponent: -17), Quantity(-10, exponent: 0), 0),
            (Quantity(million18, exponent: -17), Quantity(1, exponent: 0), 1),
            (Quantity(million18 + 1, exponent: -17), Quantity(1, exponent: 1), 1),
            (Quantity(million18 - 1, exponent: -17), Quantity(1, exponent: 1), -1),
        ]
        for (a, b, expected) in table {
            #expect(a.compare(to: b) == expected, "\(a) vs \(b)")
            #expect(b.compare(to: a) == -expected, "\(b) vs \(a)")
            #expect((a == b) == (expected == 0))
            #expect((a < b) == (expected < 0))
        }
    }

    // MARK: TestQuantityRoundUp

    @Test func roundUpMatchesKubernetes() throws {
        let table: [(String, Int32, Quantity, Bool)] = [
            ("9.01", -3, Quantity(901, exponent: -2), true), ("9.01", -2, Quantity(901, exponent: -2), true),
            ("9.01", -1, Quantity(91, exponent: -1), false), ("9.01", 0, Quantity(10, exponent: 0), false),
            ("9.01", 1, Quantity(10, exponent: 0), false), ("9.01", 2, Quantity(100, exponent: 0), false),
            ("-9.01", -3, Quantity(-901, exponent: -2), true), ("-9.01", -2, Quantity(-901, exponent: -2), true),
            ("-9.01", -1, Quantity(-91, exponent: -1), false), ("-9.01", 0, Quantity(-10, exponent: 0), false),
            ("-9.01", 1, Quantity(-10, exponent: 0), false), ("-9.01", 2, Quantity(-100, exponent: 0), false),
        ]
        for (input, exponent, expected, exact) in table {
            let (rounded, wasExact) = try Self.q(input).roundedUp(toExponent: exponent)
            #expect(rounded == expected, "\(input) at \(exponent): \(rounded)")
            #expect(wasExact == exact)
        }
    }

    // MARK: TestQuantityNeg, TestNeg

    @Test func negationMatchesKubernetes() {
        #expect((-Quantity(901, exponent: -2)).canonical == "-9010m")
        #expect(-Quantity(0) == Quantity(0))
        #expect(-Quantity.zero == .zero)
        #expect(-Quantity(10, format: .binarySI) == Quantity(-10, format: .binarySI))
        #expect((-Quantity(10, format: .binarySI)).format == .binarySI)
        #expect(-Quantity(-10, format: .binarySI) == Quantity(10, format: .binarySI))
    }

    // MARK: TestQuantityString

    @Test func canonicalStringMatchesKubernetes() throws {
        let table: [(Quantity, String, String)] = [
            (Quantity(1024 * 1024 * 1024, format: .binarySI), "1Gi", "1024Mi"),
            (Quantity(300 * 1024 * 1024, format: .binarySI), "300Mi", "307200Ki"),
            (Quantity(6 * 1024, format: .binarySI), "6Ki", ""),
            (Quantity(1001 * 1024 * 1024 * 1024, format: .binarySI), "1001Gi", "1025024Mi"),
            (Quantity(1024 * 1024 * 1024 * 1024, format: .binarySI), "1Ti", "1024Gi"),
            (Quantity(5, format: .binarySI), "5", "5000m"),
            (Quantity(500, exponent: -3, format: .binarySI), "500m", "0.5"),
            (Quantity(1, exponent: 9), "1G", "1000M"),
            (Quantity(1000, exponent: 6), "1G", "0.001T"),
            (Quantity(1_000_000, exponent: 3), "1G", ""),
            (Quantity(1_000_000_000, exponent: 0), "1G", ""),
            (Quantity(1, exponent: -3), "1m", "1000u"),
            (Quantity(80, exponent: -3), "80m", ""),
            (Quantity(1080, exponent: -3), "1080m", "1.08"),
            (Quantity(108, exponent: -2), "1080m", "1080000000n"),
            (Quantity(10800, exponent: -4), "1080m", ""),
            (Quantity(300, exponent: 6), "300M", ""),
            (Quantity(1, exponent: 12), "1T", ""),
            // DecimalSI has no suffix beyond "E" (10^18): larger exponents fall back to exponent notation.
            (Quantity(1, exponent: 18), "1E", ""),
            (Quantity(1, exponent: 21), "1e21", "1000E"),
            (Quantity(5, exponent: 21), "5e21", "5000E"),
            (Quantity(1, exponent: 24), "1e24", "1000000E"),
            (Quantity(1_234_567, exponent: 6), "1234567M", ""),
            (Quantity(1_234_567, exponent: -3, format: .binarySI), "1234567m", ""),
            (Quantity(3, exponent: 3), "3k", ""),
            (Quantity(1025, format: .binarySI), "1025", ""),
            (Quantity(0, exponent: 0), "0", ""),
            (Quantity(0, format: .binarySI), "0", ""),
            (Quantity(1, exponent: 9, format: .decimalExponent), "1e9", ".001e12"),
            (Quantity(1, exponent: -3, format: .decimalExponent), "1e-3", "0.001e0"),
            (Quantity(1, exponent: -9, format: .decimalExponent), "1e-9", "1000e-12"),
            (Quantity(80, exponent: -3, format: .decimalExponent), "80e-3", ""),
            (Quantity(300, exponent: 6, format: .decimalExponent), "300e6", ""),
            (Quantity(1, exponent: 12, format: .decimalExponent), "1e12", ""),
            (Quantity(1, exponent: 3, format: .decimalExponent), "1e3", ""),
            (Quantity(3, exponent: 3, format: .decimalExponent), "3e3", ""),
            (Quantity(3, exponent: 3), "3k", ""),
            (Quantity(0, format: .decimalExponent), "0", "00"),
            (Quantity(1, exponent: -9), "1n", ""),
            (Quantity(80, exponent: -9), "80n", ""),
            (Quantity(1080, exponent: -9), "1080n", ""),
            (Quantity(108, exponent: -8), "1080n", ""),
            (Quantity(10800, exponent: -10), "1080n", ""),
            (Quantity(1, exponent: -6), "1u", ""),
            (Quantity(80, exponent: -6), "80u", ""),
            (Quantity(1080, exponent: -6), "1080u", ""),
        ]
        for (quantity, expected, alternate) in table {
            #expect(quantity.canonical == expected)
            #expect(String(describing: quantity) == expected)
            #expect(try Self.q(expected).canonical == expected)
            if !alternate.isEmpty {
                #expect(try Self.q(alternate).canonical == expected, "alternate \(alternate)")
            }
            if !quantity.isZero {
                #expect((-quantity).canonical == "-" + expected)
            }
        }
    }

    // MARK: TestQuantityParseEmit

    @Test func parseThenEmitMatchesKubernetes() throws {
        let table = [
            ("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1000M", "1G"), (".001Ki", "1024m"),
            (".000001Ki", "1024u"), (".000000001Ki", "1024n"), (".000000000001Ki", "2n"),
        ]
        for (input, expected) in table {
            #expect(try Self.q(input).canonical == expected)
            #expect(try Self.q("-" + input).canonical == "-" + expected)
        }
    }

    /// The examples the brief and the Quantity doc comment in Kubernetes give.
    @Test func canonicalFormsOfCommonInputs() throws {
        let table = [
            ("1.5Gi", "1536Mi"), ("0.5", "500m"), ("1e3", "1e3"), ("1000m", "1"), ("1.5", "1500m"), ("100m", "100m"),
            ("2Gi", "2Gi"), ("500Mi", "500Mi"), ("+1", "1"), ("01", "1"), ("1E3", "1e3"), ("1.001", "1001m"),
            ("1.5Ki", "1536"), ("1.1Ki", "1126400m"), ("1000", "1k"), ("1023", "1023"), ("8Ei", "9223372036854775807"),
            ("18446744073709551616", "18446744073709551616"), ("0.9n", "1n"), ("-0.9n", "-1n"), ("1e-12", "1e-9"),
        ]
        for (input, expected) in table {
            #expect(try Self.q(input).canonical == expected, "\(input)")
        }
    }

    // MARK: TestAdd, TestSub

    @Test func addMatchesKubernetes() {
        let table: [(Quantity, Quantity, Quantity, Format)] = [
            (Quantity(10), Quantity(1, exponent: 1), Quantity(20), .decimalSI),
            (Quantity(10), Quantity(1, format: .binarySI), Quantity(11), .decimalSI),
            (Quantity(10, format: .binarySI), Quantity(1), Quantity(11), .binarySI),
            (Quantity.zero, Quantity(50), Quantity(50), .decimalSI),
            (Quantity(50), Quantity.zero, Quantity(50), .decimalSI),
            (Quantity.zero, Quantity.zero, Quantity(0), .decimalSI),
        ]
        for (a, b, expected, format) in table {
            var sum = a
            sum += b
            #expect(sum == expected)
            #expect(a + b == expected)
            #expect((a + b).format == format)
        }
    }

    @Test func subMatchesKubernetes() {
        let table: [(Quantity, Quantity, Quantity, Format)] = [
            (Quantity(10), Quantity(1, exponent: 1), Quantity(0), .decimalSI),
            (Quantity(10), Quantity(1, format: .binarySI), Quantity(9), .decimalSI),
            (Quantity(10, format: .binarySI), Quantity(1), Quantity(9), .binarySI),
            (Quantity.zero, Quantity(50), Quantity(-50), .decimalSI),
            (Quantity(50), Quantity.zero, Quantity(50), .decimalSI),
            (Quantity.zero, Quantity.zero, Quantity(0), .decimalSI),
        ]
        for (a, b, expected, format) in table {
            var difference = a
            difference -= b
            #expect(difference == expected)
            #expect((a - b).format == format)
        }
    }

    // MARK: TestNegAndSubAtMostNegative, TestSubMostNegativeCrossScale, TestZeroSubMostNegativeInheritsFormat

    @Test func arithmeticAtTheInt64EdgeStaysExact() throws {
        let twoTo63 = try Self.q("9223372036854775808")
        let negated = -Quantity(.min)
        #expect(negated == twoTo63)
        #expect(negated.sign == 1)
        #expect(negated.canonical == "9223372036854775808")
        #expect(negated.exactInt64 == nil)
        #expect(Quantity.zero - Quantity(.min) == twoTo63)
        let oneMinus = Quantity(1) - Quantity(.min)
        #expect(oneMinus.canonical == "9223372036854775809")
        #expect(oneMinus == (try Self.q("9223372036854775809")))
        #expect((-Quantity(.min + 1)).exactInt64 == .max)
        #expect((-Quantity(.min, exponent: -3)).canonical == "9223372036854775808m")
        #expect((Quantity(1, exponent: -3) - Quantity(.min, exponent: -3)).canonical == "9223372036854775809m")
        #expect((Quantity(1, exponent: 1) - Quantity(.min)).canonical == "9223372036854775818")
        let binary = Quantity.zero - Quantity(.min, format: .binarySI)
        #expect(binary.format == .binarySI)
        #expect(binary.canonical == "8Ei")
        #expect(binary == twoTo63)
    }

    // MARK: TestMul

    @Test func multiplyMatchesKubernetes() throws {
        let max = Int64.max
        let min = Int64.min
        let table: [(Quantity, Int64, Quantity)] = [
            (Quantity(10), 10, Quantity(100)), (Quantity(10), 1, Quantity(10)),
            (Quantity(10, format: .binarySI), 1, Quantity(10, format: .binarySI)), (Quantity.zero, 50, .zero),
            (Quantity(50), 0, .zero), (Quantity.zero, 0, .zero), (Quantity(10), -10, Quantity(-100)),
            (Quantity(-10), 1, Quantity(-10)), (Quantity(10, format: .binarySI), -1, Quantity(-10)),
            (Quantity(-50), 0, .zero), (Quantity(-50), -50, Quantity(2500)), (Quantity.zero, -50, .zero),
            (Quantity(max), 0, Quantity(0, exponent: 1)), (Quantity(max), 1, Quantity(max)),
            (Quantity(max), -1, Quantity(-max)), (Quantity(max / 2), 2, Quantity((max / 2) * 2)),
            (Quantity(max / -2), -2, Quantity((max / 2) * 2)),
            (Quantity(max), 2, try Self.q("18446744073709551614")), (Quantity(max), 10, Quantity(max, exponent: 1)),
            (Quantity(max), -10, Quantity(-max, exponent: 1)), (Quantity(min), 0, Quantity(0, exponent: 1)),
            (Quantity(min), 1, Quantity(min)), (Quantity(min), -1, try Self.q("9223372036854775808")),
            (Quantity(min / 2), 2, Quantity(min)), (Quantity(min / -2), -2, Quantity(min)),
            (Quantity(min), 2, try Self.q("-18446744073709551616")), (Quantity(min), 10, Quantity(min, exponent: 1)),
            (Quantity(min), -10, try Self.q("92233720368547758080")),
        ]
        for (a, factor, expected) in table {
            #expect(a.multiplied(by: factor) == expected, "\(a) × \(factor)")
        }
    }

    // MARK: TestAddSubRoundTrip, TestAddSubRoundTripAcrossScales, TestNegateRoundTrip

    /// SplitMix64, so the "random" round trips are the same on every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func addSubtractAndNegateRoundTrip() {
        var generator = SplitMix(state: 42)
        for exponent in Int32(-10)...10 {
            var sum = Quantity.zero
            var order: [Int64] = []
            for _ in 0..<100 {
                let value = Int64.random(in: 0...Int64.max, using: &generator)
                order.append(value)
                sum += Quantity(value, exponent: exponent)
                let single = Quantity(value, exponent: exponent)
                #expect(-(-single) == single)
            }
            for value in order {
                sum -= Quantity(value, exponent: exponent)
            }
            #expect(sum.isZero, "exponent \(exponent): \(sum)")
        }
        var acrossScales = Quantity.zero
        var order: [Int64] = []
        for _ in 0..<100 {
            let value = Int64.random(in: 0...Int64.max, using: &generator)
            order.append(value)
            acrossScales += Quantity(value, exponent: Int32(value % 20 - 10))
        }
        for value in order {
            acrossScales -= Quantity(value, exponent: Int32(value % 20 - 10))
        }
        #expect(acrossScales.isZero)
    }

    // MARK: TestMilliNewSet, TestNewSet, TestNewScaledSet, TestScaledValue

    @Test func milliQuantitiesMatchKubernetes() throws {
        // The Go table's "invalidFormatDefaultsToExponent" row has no counterpart: Format here is a closed enum.
        let table: [(Int64, Format, String, Bool)] = [
            (1, .decimalSI, "1m", true), (1000, .decimalSI, "1", true), (1_234_000, .decimalSI, "1234", true),
            (1024, .binarySI, "1024m", false), (1024 * 1024, .binarySI, "1048576m", false),
        ]
        for (value, format, expected, exact) in table {
            let quantity = Quantity(milli: value, format: format)
            #expect(quantity.canonical == expected)
            if exact {
                #expect(try Self.q(quantity.canonical).milliValue == value)
            }
        }
    }

    @Test func wholeQuantitiesMatchKubernetes() throws {
        let table: [(Int64, Format, String)] = [
            (1, .decimalSI, "1"), (1000, .decimalSI, "1k"), (1_234_000, .decimalSI, "1234k"), (1024, .binarySI, "1Ki"),
            (1024 * 1024, .binarySI, "1Mi"), (1_000_000, .decimalExponent, "1e6"),
        ]
        for (value, format, expected) in table {
            let quantity = Quantity(value, format: format)
            #expect(quantity.canonical == expected)
            #expect(try Self.q(quantity.canonical).value == value)
        }
    }

    @Test func scaledQuantitiesMatchKubernetes() throws {
        let table: [(Int64, Int32, String)] = [
            (1, -9, "1n"), (1000, -9, "1u"), (1, -6, "1u"), (1000, -6, "1m"), (1, -3, "1m"), (1000, -3, "1"),
            (1, 0, "1"), (0, -9, "0"), (0, -6, "0"), (0, -3, "0"), (0, 0, "0"),
        ]
        for (value, exponent, expected) in table {
            let quantity = Quantity(value, exponent: exponent)
            #expect(quantity.canonical == expected)
            #expect(try Self.q(quantity.canonical).scaledValue(exponent: exponent) == value)
        }
    }

    @Test func scaledValueMatchesKubernetes() {
        let table: [(Int32, Int32, Int64)] = [
            (-9, -9, 1), (-9, -6, 1), (-9, -3, 1), (-9, 0, 1), (-6, -9, 1000), (-6, -6, 1), (-6, -3, 1), (-6, 0, 1),
            (-3, -9, 1_000_000), (-3, -6, 1000), (-3, -3, 1), (-3, 0, 1), (0, -9, 1_000_000_000), (0, -6, 1_000_000),
            (0, -3, 1000), (0, 0, 1), (2, -2, 100 * 100),
        ]
        for (from, to, expected) in table {
            #expect(Quantity(1, exponent: from).scaledValue(exponent: to) == expected)
        }
    }

    // MARK: Value / MilliValue and the integer helpers

    @Test func valueAndMilliValueRoundAwayFromZero() throws {
        #expect(try Self.q("100m").milliValue == 100)
        #expect(try Self.q("1.5").milliValue == 1500)
        #expect(try Self.q("2").milliValue == 2000)
        #expect(try Self.q("0.1m").milliValue == 1)
        #expect(try Self.q("-0.1m").milliValue == -1)
        #expect(try Self.q("1.5").value == 2)
        #expect(try Self.q("-1.5").value == -2)
        #expect(try Self.q("1n").value == 1)
        #expect(try Self.q("2Gi").value == 2_147_483_648)
        #expect(try Self.q("1Mi").value == 1024 * 1024)
        #expect(try Self.q("18446744073709551616").value == .max)
        #expect(try Self.q("-18446744073709551616").milliValue == .min)
        #expect(try Self.q("9e18").milliValue == .max)
    }

    @Test func integerHelpersTellWholeNumbers() throws {
        #expect(try Self.q("2").isInteger)
        #expect(try Self.q("2000m").isInteger)
        #expect(try Self.q("1k").isInteger)
        #expect(try !Self.q("1500m").isInteger)
        #expect(try !Self.q("1n").isInteger)
        #expect(try Self.q("2000m").exactInt64 == 2)
        #expect(try Self.q("1.5").exactInt64 == nil)
        #expect(try Self.q("9223372036854775807").exactInt64 == .max)
        #expect(try Self.q("9223372036854775808").exactInt64 == nil)
        #expect(try Self.q("1e30").isInteger)
        #expect(try Self.q("1e30").exactInt64 == nil)
    }

    @Test func signAndZero() throws {
        #expect(try Self.q("-1m").sign == -1)
        #expect(try Self.q("0Gi").sign == 0)
        #expect(try Self.q("0Gi").isZero)
        #expect(try Self.q("1e-12").sign == 1)
    }

    // MARK: Equality, hashing, ordering, literals, coding

    @Test func equalValuesAreEqualAndHashAlike() throws {
        let groups = [
            ["1", "1000m", "1e0", "0.001k", "1000000000n", "1E-0"],
            ["1Ki", "1024", "1.024k", "1024000m"],
            ["18446744073709551616", "18446744073709551616000m", "18.446744073709551616E"],
            ["0", "0Gi", "0e9", "-0"],
        ]
        for group in groups {
            let quantities = try group.map(Self.q)
            for quantity in quantities {
                #expect(quantity == quantities[0])
                #expect(quantity.hashValue == quantities[0].hashValue)
            }
            #expect(Set(quantities).count == 1)
        }
        #expect(try Self.q("1") != Self.q("1001m"))
    }

    @Test func sortsByValue() throws {
        let sorted = try ["1Gi", "100m", "1G", "-1", "2", "0"].map(Self.q).sorted()
        #expect(sorted.map(\.canonical) == ["-1", "0", "100m", "2", "1G", "1Gi"])
    }

    @Test func literalsParse() {
        let memory: Quantity = "500Mi"
        let gpus: Quantity = 2
        #expect(memory.canonical == "500Mi")
        #expect(gpus == Quantity(2))
    }

    @Test func codableRoundTripsCanonicalText() throws {
        let data = try JSONEncoder().encode(["cpu": Quantity(1500, exponent: -3), "memory": "1.5Gi"])
        let decoded = try JSONDecoder().decode([String: Quantity].self, from: data)
        #expect(decoded["cpu"]?.canonical == "1500m")
        #expect(decoded["memory"]?.canonical == "1536Mi")
        // TestJSONWhitespace: surrounding whitespace and bare numbers are accepted.
        let loose = try JSONDecoder().decode([Quantity].self, from: Data(#"[" 1", "1 ", 1, 10, -1, " -1"]"#.utf8))
        #expect(loose.map(\.canonical) == ["1", "1", "1", "10", "-1", "-1"])
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode([Quantity].self, from: Data(#"["1x"]"#.utf8))
        }
    }
}
