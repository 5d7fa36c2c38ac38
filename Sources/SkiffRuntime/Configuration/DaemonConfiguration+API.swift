#if canImport(Glibc)
import Glibc
#endif

extension DaemonConfiguration {
    /// The `api:` section: the HTTPS listener kubectl uses (the Unix socket is always served).
    ///
    /// ```yaml
    /// api:
    ///   listen: 127.0.0.1:6443     # HOST:PORT, [IPv6]:PORT, or none
    ///   allowNonLoopback: false    # a non-loopback address is refused unless true
    /// ```
    /// The CA, the server certificate and the bearer tokens live in the state directory (`tls/`, `tokens/`).
    public struct APISettings: Sendable, Hashable {
        /// Where the HTTPS listener binds; nil is `none` (no listener).
        public var listen: ListenAddress?
        /// Whether a non-loopback listen address is allowed (the API then reaches the network: every client needs
        /// the token, but the operator must say so explicitly).
        public var allowNonLoopback: Bool

        public init(listen: ListenAddress? = ListenAddress.default, allowNonLoopback: Bool = false) {
            self.listen = listen
            self.allowNonLoopback = allowNonLoopback
        }

        /// Reads the section; problems go to the reader's context with their line and column.
        static func read(_ r: MappingReader, context: DecodeContext) -> APISettings {
            var settings = APISettings()
            if let text = r.string("listen") {
                switch ListenAddress.parse(text) {
                case .success(let address): settings.listen = address
                case .failure(let error):
                    context.invalid(r.path.child("listen"), r.mark("listen"), value: text, error.message)
                }
            }
            settings.allowNonLoopback = r.bool("allowNonLoopback") ?? settings.allowNonLoopback
            return settings
        }

        /// Why the listen address may not be used (non-loopback without `allowNonLoopback`), nil when fine.
        public var refusal: String? {
            guard let listen, !listen.isLoopback, !allowNonLoopback else { return nil }
            return "the API listen address \(listen) is not a loopback address: it would expose the API to the "
                + "network; set api.allowNonLoopback: true in the configuration to allow it, or listen on "
                + "127.0.0.1 (--listen 127.0.0.1:6443)"
        }
    }

    /// A TCP listen address: `HOST:PORT`, the host an IPv4/IPv6 address or a name.
    public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
        /// The host without brackets (`127.0.0.1`, `::1`, `localhost`).
        public var host: String
        /// 0 asks the kernel for a free port.
        public var port: Int

        /// `127.0.0.1:6443`, the API server's secure port on loopback.
        public static let `default` = ListenAddress(host: "127.0.0.1", port: 6443)

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// A malformed address.
        public struct ParseError: Error, Sendable, Hashable {
            public var message: String
        }

        /// Parses `HOST:PORT` or `[IPV6]:PORT`; `none` (the listener off) is `.success(nil)`.
        public static func parse(_ text: String) -> Result<ListenAddress?, ParseError> {
            let text = text.trimmingWhitespace()
            if text.lowercased() == "none" { return .success(nil) }
            let host: Substring
            let portText: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                    return .failure(ParseError(message: "must be HOST:PORT, [IPv6]:PORT or none"))
                }
                host = text[text.index(after: text.startIndex)..<close]
                portText = text[text.index(close, offsetBy: 2)...]
            } else {
                guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                    return .failure(ParseError(message: "must be HOST:PORT, [IPv6]:PORT or none"))
                }
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
            }
            guard !host.isEmpty else { return .failure(ParseError(message: "the host is missing (HOST:PORT)")) }
            guard let port = Int(portText), (0...65_535).contains(port) else {
                return .failure(ParseError(message: "the port must be a number between 0 and 65535"))
            }
            return .success(ListenAddress(host: String(host), port: port))
        }

        /// Whether the address is loopback only: `localhost`, `127.0.0.0/8` or `::1`.
        public var isLoopback: Bool {
            if host.lowercased() == "localhost" { return true }
            var v4 = in_addr()
            if inet_pton(AF_INET, host, &v4) == 1 {
                return UInt32(bigEndian: v4.s_addr) >> 24 == 127
            }
            var v6 = in6_addr()
            if inet_pton(AF_INET6, host, &v6) == 1 {
                return withUnsafeBytes(of: &v6) { Array($0) } == Array(repeating: 0, count: 15) + [1]
            }
            return false
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
