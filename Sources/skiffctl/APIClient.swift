import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SkiffAPI

/// A minimal client for skiffd's Kubernetes-shaped API over its Unix socket.
struct APIClient {
    let socketPath: String

    /// An HTTP answer: status code and JSON body.
    struct Answer {
        var status: Int
        var body: YAMLNode?
    }

    /// GETs `path` (with its query) and parses the JSON body.
    func get(_ path: String) async throws -> Answer {
        try await send(.GET, path)
    }

    /// Sends a request without a body and parses the JSON answer.
    func send(_ method: HTTPMethod, _ path: String) async throws -> Answer {
        let response = try await execute(method, path, client: HTTPClient.shared, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 512 * 1024 * 1024)
        return Answer(status: Int(response.status.code), body: Self.parse(Array(buffer.readableBytesView)))
    }

    /// POSTs to `path` and returns the body, turning a Kubernetes `Status` failure into kubectl's message.
    func postOK(_ path: String) async throws -> YAMLNode {
        try Self.checked(try await send(.POST, path))
    }

    /// GETs `path` and hands each chunk of the body to `write` as it arrives, for as long as the server sends
    /// (a followed log): no read timeout applies. A failure status is read whole and thrown as kubectl's message.
    func stream(_ path: String, _ write: ([UInt8]) -> Void) async throws {
        // The shared client gives up on a body silent for 90 s; a followed log may be quiet for hours.
        let client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                timeout: .init(connect: .seconds(30), read: nil),
                connectionPool: HTTPClient.Configuration.ConnectionPool()
            )
        )
        do {
            let response = try await execute(.GET, path, client: client, timeout: .seconds(30))
            if response.status.code != 200 {
                let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
                _ = try Self.checked(
                    Answer(status: Int(response.status.code), body: Self.parse(Array(buffer.readableBytesView)))
                )
            } else {
                for try await buffer in response.body {
                    write(Array(buffer.readableBytesView))
                }
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private func execute(_ method: HTTPMethod, _ path: String, client: HTTPClient, timeout: TimeAmount) async throws
        -> HTTPClientResponse
    {
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else {
            throw ClientError("cannot build a URL for socket \(socketPath)")
        }
        guard FileManager.default.fileExists(atPath: socketPath) else {
            throw ClientError(
                "cannot reach skiffd at \(socketPath): no such socket. Is it running? (`make run`, or --socket/SKIFF_SOCKET)"
            )
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        do {
            return try await client.execute(request, timeout: timeout)
        } catch {
            throw ClientError(
                "cannot reach skiffd at \(socketPath) (\(error)). Is it running? (`make run`, or --socket/SKIFF_SOCKET)"
            )
        }
    }

    private static func parse(_ bytes: [UInt8]) -> YAMLNode? {
        try? YAMLParser(limits: YAMLLimits(maxBytes: 512 * 1024 * 1024, maxDocuments: 1))
            .parse(bytes: bytes, file: "response").first?.root
    }

    /// The body of a `200`, or kubectl's `Error from server (Reason): message` for anything else.
    static func checked(_ answer: Answer) throws -> YAMLNode {
        guard answer.status == 200, let body = answer.body else {
            let reason = answer.body?["reason"]?.scalar?.value ?? "Unknown"
            let message = answer.body?["message"]?.scalar?.value ?? "HTTP \(answer.status)"
            throw ClientError("Error from server (\(reason)): \(message)")
        }
        return body
    }

    /// GETs `path` and returns the body, turning a Kubernetes `Status` failure into kubectl's message.
    func getOK(_ path: String) async throws -> YAMLNode {
        try Self.checked(try await get(path))
    }
}

/// A failure to print as `error: …`.
struct ClientError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
