import SkiffRuntime
import Testing

struct ExponentialFailureBackoffTests {
    @Test func doublesFromFiveMillisecondsByDefault() {
        let backoff = ExponentialFailureBackoff.controllerDefault
        let delays = (0..<5).map { backoff.delay(afterFailures: $0) }
        let expected: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(40)]
        #expect(Array(delays.prefix(4)) == expected)
        #expect(delays[4] == .milliseconds(80))
    }

    @Test func capsAtTheMaximum() {
        let backoff = ExponentialFailureBackoff.controllerDefault
        // 5 ms * 2^18 = 1310.72 s is past the 1000 s cap; 2^17 (655.36 s) is not.
        #expect(backoff.delay(afterFailures: 17) == .milliseconds(655_360))
        #expect(backoff.delay(afterFailures: 18) == .seconds(1_000))
        #expect(backoff.delay(afterFailures: 1_000_000) == .seconds(1_000))
        #expect(backoff.delay(afterFailures: .max) == .seconds(1_000))
    }

    @Test func honoursCustomBaseAndMaximum() {
        let backoff = ExponentialFailureBackoff(base: .seconds(1), max: .seconds(4))
        let delays = (0..<5).map { backoff.delay(afterFailures: $0) }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
    }

    @Test func degenerateSettings() {
        #expect(ExponentialFailureBackoff(base: .zero, max: .seconds(1)).delay(afterFailures: 3) == .zero)
        #expect(ExponentialFailureBackoff(base: .seconds(5), max: .seconds(1)).delay(afterFailures: 0) == .seconds(1))
    }
}
