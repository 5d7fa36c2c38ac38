import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif
#if canImport(CDispatch)
// Glibc's `stat` and `timespec` are owned by the CDispatch clang module once Dispatch is loaded.
import CDispatch
#endif

/// The systemd side of sd_notify for tests: a bound `AF_UNIX` datagram socket (a path, or an abstract name given
/// with a leading `@` as `$NOTIFY_SOCKET` writes it) that records every datagram received, in order.
final class SystemdNotifyListener: Sendable {
    /// The value for `$NOTIFY_SOCKET`.
    let address: String
    private let descriptor: Int32
    private let received = Mutex<[String]>([])
    private let closed = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(address: String) throws {
        self.address = address
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var name = Array(address.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: name) }
        let length = socklen_t(
            MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + name.count + (abstract ? 0 : 1)
        )
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            Glibc.close(fd)
            throw Failure(description: "bind \(address): errno \(errno)")
        }
        // Wake up regularly to notice close().
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        descriptor = fd
        DispatchQueue(label: "skiff.test.notify-listener").async { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !closed.load(ordering: .relaxed) {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n > 0 {
                    let message = String(decoding: buffer[0..<n], as: UTF8.self)
                    received.withLock { $0.append(message) }
                }
            }
            finished.signal()
        }
    }

    /// Every datagram so far.
    var messages: [String] { received.withLock { $0 } }

    /// The index of the first message at or after `start` that has the line `line` (`READY=1`).
    func index(of line: String, from start: Int = 0) -> Int? {
        let all = messages
        guard start < all.count else { return nil }
        return (start..<all.count).first { all[$0].split(separator: "\n").contains { $0 == line } }
    }

    /// Stops listening and removes the socket file.
    func close() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        finished.wait()
        Glibc.close(descriptor)
        if !address.hasPrefix("@") { unlink(address) }
    }

    /// CLOCK_MONOTONIC in microseconds, the clock of `MONOTONIC_USEC=`.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
