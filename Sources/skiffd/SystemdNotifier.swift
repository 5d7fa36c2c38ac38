#if canImport(Glibc)
import Glibc
#endif
#if canImport(CDispatch)
// Glibc's `stat` and `timespec` are owned by the CDispatch clang module once Dispatch is loaded.
import CDispatch
#endif

/// sd_notify(3), written directly as systemd recommends instead of linking libsystemd: each state change is one
/// `AF_UNIX` datagram to the socket in `$NOTIFY_SOCKET` (a path, or an abstract name written with a leading `@`).
/// Without `$NOTIFY_SOCKET` (not run by systemd, or `Type=` is not `notify`) every call does nothing.
struct SystemdNotifier: Sendable {
    /// The raw `$NOTIFY_SOCKET`, nil when unset or empty.
    let socketPath: String?
    /// systemd's `WatchdogSec=` (`$WATCHDOG_USEC`), when it is meant for this process (`$WATCHDOG_PID` unset or
    /// ours).
    let watchdogTimeout: Duration?

    init(socketPath: String?, watchdogTimeout: Duration?) {
        self.socketPath = socketPath
        self.watchdogTimeout = watchdogTimeout
    }

    /// Reads `$NOTIFY_SOCKET`, `$WATCHDOG_USEC` and `$WATCHDOG_PID`, then removes them from the environment (as
    /// `sd_notify`'s `unset_environment` does) so that no process started later believes it is the service.
    static func fromEnvironment() -> SystemdNotifier {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        let path = variable("NOTIFY_SOCKET").flatMap { $0.isEmpty ? nil : $0 }
        var watchdog: Duration?
        if let text = variable("WATCHDOG_USEC"), let usec = UInt64(text), usec > 0 {
            let forUs = variable("WATCHDOG_PID").map { Int32($0) == getpid() } ?? true
            if forUs { watchdog = .microseconds(Int64(clamping: usec)) }
        }
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { unsetenv(name) }
        return SystemdNotifier(socketPath: path, watchdogTimeout: watchdog)
    }

    /// Whether notifications go anywhere.
    var isEnabled: Bool { socketPath != nil }

    /// How often to send `WATCHDOG=1`: half the timeout, as sd_watchdog_enabled(3) advises.
    var watchdogInterval: Duration? { watchdogTimeout.map { $0 / 2 } }

    /// A failure to notify: logged by the caller, never fatal.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `state` (newline-separated `KEY=VALUE` lines) as one datagram. Does nothing without a socket.
    func notify(_ state: String) throws(Failure) {
        guard let socketPath else { return }
        var path = Array(socketPath.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        // An abstract name starts with a NUL byte and is not NUL-terminated: its length is the address length.
        if abstract { path[0] = 0 }
        guard abstract || path.first == UInt8(ascii: "/") else {
            throw Failure(description: "NOTIFY_SOCKET=\(socketPath) is neither an absolute path nor an abstract name")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard abstract ? path.count <= capacity : path.count < capacity else {
            throw Failure(description: "NOTIFY_SOCKET=\(socketPath) is longer than a socket address")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let length = socklen_t(
            MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + path.count + (abstract ? 0 : 1)
        )
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { bytes in
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        guard sent == message.count else {
            throw Failure(description: "sending to NOTIFY_SOCKET=\(socketPath): \(String(cString: strerror(errno)))")
        }
    }

    /// `CLOCK_MONOTONIC` in microseconds, for `MONOTONIC_USEC=` alongside `RELOADING=1`.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
