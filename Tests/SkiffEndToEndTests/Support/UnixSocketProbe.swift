import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A one-shot HTTP/1.1 GET over a Unix socket, enough to poll `/readyz` and `/healthz` without depending on
/// skiffctl for the daemon's readiness (skiffctl has no command for it).
enum UnixSocketProbe {
    /// The HTTP status code of `GET path`, or `nil` when the socket does not answer (not there yet, refused,
    /// closed early).
    static func status(socket path: String, get target: String) -> Int? {
        guard let (fd, status) = open(socket: path, get: target) else { return nil }
        close(fd)
        return status
    }

    /// Sends `GET target` and reads the status line; returns the still-open descriptor (for a watch, which
    /// streams until closed) and the status code. The caller closes the descriptor.
    static func open(socket path: String, get target: String) -> (descriptor: Int32, status: Int)? {
        guard let (fd, status, _) = request(socket: path, get: target) else { return nil }
        return (fd, status)
    }

    /// Connects, sends `GET target`, reads until the status line is in; returns the open descriptor, the status
    /// and every byte read so far.
    private static func request(socket path: String, get target: String) -> (Int32, Int, [UInt8])? {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var keep = false
        defer { if !keep { close(fd) } }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { return nil }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !response.contains(UInt8(ascii: "\n")) {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            response.append(contentsOf: chunk[0..<n])
        }
        // "HTTP/1.1 200 OK"
        let statusLine = String(
            decoding: response.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") },
            as: UTF8.self
        )
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else { return nil }
        keep = true
        return (fd, status, response)
    }

    /// `GET target` with the whole response read (the server closes: `Connection: close`): the status and the
    /// body after the headers (a chunked body is left framed; JSON replies here carry a Content-Length).
    static func fetch(socket path: String, get target: String) -> (status: Int, body: String)? {
        guard let (fd, status, received) = request(socket: path, get: target) else { return nil }
        defer { close(fd) }
        var rest = received
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            rest.append(contentsOf: chunk[0..<n])
        }
        let text = String(decoding: rest, as: UTF8.self)
        guard let headersEnd = text.range(of: "\r\n\r\n") else { return (status, "") }
        return (status, String(text[headersEnd.upperBound...]))
    }
}
