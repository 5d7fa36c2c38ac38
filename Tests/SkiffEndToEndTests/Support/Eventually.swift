import Foundation

/// Waits for asynchronous outcomes by polling a condition until a generous deadline: the daemon reacts to files
/// within milliseconds, so the deadline only matters when something is broken, and no test ever sleeps a fixed
/// time hoping that something happened.
enum Eventually {
    /// The deadline tests use unless they have a reason not to; generous because the machine is shared.
    static let defaultTimeout: Duration = .seconds(60)

    /// Polls `condition` until it returns true; returns false if `timeout` passes first.
    static func poll(
        timeout: Duration = defaultTimeout,
        interval: Duration = .milliseconds(25),
        _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var wait = interval
        while true {
            if try await condition() { return true }
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: wait)
            wait = min(wait * 2, .milliseconds(250))
        }
    }
}
