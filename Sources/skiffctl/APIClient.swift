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
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else {
            throw ClientError("cannot build a URL for socket \(socketPath)")
        }
        guard FileManager.default.fileExists(atPath: socketPath) else {
            throw ClientError(
                "cannot reach skiffd at \(socketPath): no such socket. Is it running? (`make run`, or --socket/SKIFF_SOCKET)"
            )
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Accept", value: "application/json")
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw ClientError(
                "cannot reach skiffd at \(socketPath) (\(error)). Is it running? (`make run`, or --socket/SKIFF_SOCKET)"
            )
        }
        let buffer = try await response.body.collect(upTo: 512 * 1024 * 1024)
        let bytes = Array(buffer.readableBytesView)
        let body = try? YAMLParser(limits: YAMLLimits(maxBytes: 512 * 1024 * 1024, maxDocuments: 1))
            .parse(bytes: bytes, file: "response").first?.root
        return Answer(status: Int(response.status.code), body: body)
    }

    /// GETs `path` and returns the body, turning a Kubernetes `Status` failure into kubectl's message.
    func getOK(_ path: String) async throws -> YAMLNode {
        let answer = try await get(path)
        guard answer.status == 200, let body = answer.body else {
            let reason = answer.body?["reason"]?.scalar?.value ?? "Unknown"
            let message = answer.body?["message"]?.scalar?.value ?? "HTTP \(answer.status)"
            throw ClientError("Error from server (\(reason)): \(message)")
        }
        return body
    }
}

/// A failure to print as `error: …`.
struct ClientError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
