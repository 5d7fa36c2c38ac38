import SkiffNode
import Testing

struct GoDurationTests {
    // Cases from Go's time package tests (parseDurationTests).
    @Test(arguments: [
        ("0", Duration.zero),
        ("5s", .seconds(5)),
        ("30s", .seconds(30)),
        ("1478s", .seconds(1478)),
        ("-5s", .seconds(-5)),
        ("+5s", .seconds(5)),
        ("-0", .zero),
        ("5.0s", .seconds(5)),
        ("5.6s", .milliseconds(5600)),
        ("5.s", .seconds(5)),
        (".5s", .milliseconds(500)),
        ("1.0s", .seconds(1)),
        ("1.004s", .milliseconds(1004)),
        ("100.00100s", .microseconds(100_001_000)),
        ("10ns", .nanoseconds(10)),
        ("11us", .microseconds(11)),
        ("12µs", .microseconds(12)),
        ("12μs", .microseconds(12)),
        ("13ms", .milliseconds(13)),
        ("14s", .seconds(14)),
        ("15m", .seconds(900)),
        ("16h", .seconds(57600)),
        ("3h30m", .seconds(12600)),
        ("1h30m", .seconds(5400)),
        ("90s", .seconds(90)),
        ("10.5s4m", .milliseconds(250_500)),
        ("-2m3.4s", .milliseconds(-123_400)),
        ("1h2m3s4ms5us6ns", .nanoseconds(3_723_004_005_006)),
        ("39h9m14.425s", .milliseconds(140_954_425)),
        ("52763797000ns", .nanoseconds(52_763_797_000)),
        ("0.3333333333333333333h", .seconds(1200)),
        ("9223372036854775807ns", .nanoseconds(Int64.max)),
    ])
    func parsesAsGoDoes(text: String, expected: Duration) {
        #expect(GoDuration.parse(text) == expected)
    }

    @Test(arguments: [
        "", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "1.5", "3000000h", "9223372036854775808ns", "1 s",
    ])
    func rejectsWhatGoRejects(text: String) {
        #expect(GoDuration.parse(text) == nil)
    }
}
