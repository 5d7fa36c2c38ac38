import Foundation
import Glibc
import Testing

/// Waits for a file that a process creates, woken by inotify rather than by sleeping, with a generous deadline.
struct FileSignal: Sendable {
    let path: String

    /// Waits until the file exists.
    /// - Returns: whether it appeared before the deadline (the test is failed when not).
    func wait(upTo deadline: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation) async -> Bool {
        let path = self.path
        let found = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            Thread.detachNewThread {
                continuation.resume(returning: Self.block(path: path, deadline: deadline))
            }
        }
        if !found { Issue.record("\(path) did not appear within \(deadline)", sourceLocation: sourceLocation) }
        return found
    }

    private static func block(path: String, deadline: Duration) -> Bool {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)
        // The folder may not exist yet: watch it and every ancestor, again after each wake-up (a watch added twice
        // is the same watch), so that the folder's creation wakes the wait too.
        var folders: [String] = []
        var folder = (path as NSString).deletingLastPathComponent
        while folder.count > 1 {
            folders.append(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            for folder in folders { _ = inotify_add_watch(fd, folder, mask) }
            if FileManager.default.fileExists(atPath: path) { return true }
            let remaining = end - clock.now
            guard remaining > .zero else { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 60_000))
            if Glibc.poll(&poller, 1, milliseconds) > 0 {
                _ = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            }
        }
    }

    /// Re-checks `condition` every few milliseconds until it holds: for events that give no notification (a
    /// process exiting that is not the test's child). Fails the test after the deadline.
    static func poll(
        upTo deadline: Duration = .seconds(30),
        sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () -> Bool
    ) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while clock.now < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not met within \(deadline)", sourceLocation: sourceLocation)
        return false
    }
}
