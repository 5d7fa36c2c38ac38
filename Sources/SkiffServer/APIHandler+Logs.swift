import Foundation

/// `GET /api/v1/namespaces/{ns}/pods/{name}/log`: a container's output from the control plane, with kubectl's
/// `PodLogOptions` (`container`, `follow`, `tailLines`, `limitBytes`, `timestamps`, `sinceSeconds`, `sinceTime`,
/// `previous`). The pod and container are checked against the store first, so errors read exactly as the
/// Kubernetes API server words them whatever the control plane does.
///
/// Skiff's process runtime writes a container's output straight to its log file, without per-line times. So
/// `timestamps=true` prefixes each line with the time skiffd read it (exact to the follow poll interval for
/// followed output, the request's time for output written before it), and `sinceSeconds`/`sinceTime` leave out
/// the whole log of a container that finished before that time (the output of one still running is all kept).
extension APIHandler {
    /// The log options of a request, validated as the API server validates `PodLogOptions`.
    struct LogRequest: Sendable {
        var follow = false
        var previous = false
        var timestamps = false
        var tailLines: Int?
        var limitBytes: Int?
        /// Output older than this is not wanted (`sinceSeconds` or `sinceTime`).
        var since: Timestamp?
    }

    static func logRequest(_ query: [String: String], now: Timestamp) throws -> LogRequest {
        var request = LogRequest()
        request.follow = try bool(query, "follow")
        request.previous = try bool(query, "previous")
        request.timestamps = try bool(query, "timestamps")
        request.tailLines = try integer(query, "tailLines", minimum: 0)
        request.limitBytes = try integer(query, "limitBytes", minimum: 1)
        let sinceSeconds = try integer(query, "sinceSeconds", minimum: 1)
        var sinceTime: Timestamp?
        if let text = query["sinceTime"], !text.isEmpty {
            guard let time = Timestamp(rfc3339: text) else {
                throw APIStatus.badRequest("sinceTime: invalid value \"\(text)\": must be an RFC 3339 time")
            }
            sinceTime = time
        }
        if sinceSeconds != nil, sinceTime != nil {
            throw APIStatus(
                code: 422,
                reason: "Invalid",
                message: "PodLogOptions \"\" is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or "
                    + "`sinceSeconds` may be specified"
            )
        }
        request.since = sinceTime ?? sinceSeconds.map { Timestamp(seconds: now.seconds - Int64($0)) }
        return request
    }

    /// `GET /api/v1/namespaces/{ns}/pods/{name}/log`; a pod not yet bound to a node has an empty log, as in
    /// Kubernetes; `previous` answers as the kubelet does for a container that never restarted.
    func podLog(namespace: String, name: String, query: [String: String]) async -> APIResponse {
        let options: LogRequest
        do {
            options = try Self.logRequest(query, now: Timestamp.now())
        } catch let status as APIStatus {
            return .failure(status)
        } catch {
            return .failure(Self.status(for: error))
        }
        guard let pod = store.get(ObjectKey(Pod.resource.groupKind, namespace: namespace, name: name)) as? Pod else {
            return .failure(.notFound("pods \"\(name)\" not found"))
        }
        let container: String
        switch Self.logContainer(query["container"], of: pod) {
        case .success(let name): container = name
        case .failure(let status): return .failure(status)
        }
        let containerStatus = (pod.status.containerStatuses + pod.status.initContainerStatuses).first {
            $0.name == container
        }
        if options.previous {
            let restarts = containerStatus?.restartCount ?? 0
            return .failure(
                .badRequest(
                    restarts == 0
                        ? "previous terminated container \"\(container)\" in pod \"\(name)\" not found"
                        : "skiff keeps no log of previous instances of container \"\(container)\" in pod \"\(name)\""
                )
            )
        }
        guard !pod.spec.nodeName.isEmpty else {
            // The API server's answer for a pod not yet bound: an empty log (its `LogLocation` has no host).
            return .bytes(contentType: "text/plain", body: AsyncThrowingStream { $0.finish() })
        }
        guard let operations else { return unavailable("pod logs") }
        if let since = options.since, let finished = containerStatus?.state.terminated?.finishedAt, finished < since {
            // Everything the container wrote is older than `since`.
            return .bytes(contentType: "text/plain", body: AsyncThrowingStream { $0.finish() })
        }
        let source: AsyncThrowingStream<[UInt8], any Error>
        do {
            source = try operations.podLogs(
                namespace: namespace,
                name: name,
                container: container,
                follow: options.follow,
                tailLines: options.tailLines
            )
        } catch {
            return .failure(Self.status(for: error))
        }
        return .bytes(
            contentType: "text/plain",
            body: served(source, limitBytes: options.limitBytes, timestamps: options.timestamps)
        )
    }

    /// The container a log request reads, as the API server's `validateContainer` resolves it: the named one, or
    /// the only one; an unknown name or a missing one in a pod with several is a `BadRequest`.
    static func logContainer(_ requested: String?, of pod: Pod) -> Result<String, APIStatus> {
        let all = pod.spec.initContainers.map(\.name) + pod.spec.containers.map(\.name)
        guard let requested, !requested.isEmpty else {
            switch pod.spec.containers.count {
            case 1: return .success(pod.spec.containers[0].name)
            case 0: return .failure(.badRequest("a container name must be specified for pod \(pod.metadata.name)"))
            default:
                return .failure(
                    .badRequest(
                        "a container name must be specified for pod \(pod.metadata.name), choose one of: "
                            + "[\(all.joined(separator: " "))]"
                    )
                )
            }
        }
        guard all.contains(requested) else {
            return .failure(.badRequest("container \(requested) is not valid for pod \(pod.metadata.name)"))
        }
        return .success(requested)
    }

    /// Passes `source` on, lines prefixed with their time when `timestamps`, cut at `limitBytes`, and registers it
    /// so that a graceful shutdown ends a followed log. When the client goes away the source's iteration is
    /// cancelled, which ends its producer's tailing.
    private func served(
        _ source: AsyncThrowingStream<[UInt8], any Error>,
        limitBytes: Int?,
        timestamps: Bool
    )
        -> AsyncThrowingStream<[UInt8], any Error>
    {
        let registry = watches
        return AsyncThrowingStream { continuation in
            let task = Task {
                var remaining = limitBytes ?? Int.max
                var stamper = LineStamper()
                do {
                    for try await raw in source where !raw.isEmpty {
                        let chunk = timestamps ? stamper.stamp(raw, at: Self.nanoTime()) : raw
                        if chunk.count >= remaining {
                            continuation.yield(Array(chunk.prefix(remaining)))
                            break
                        }
                        remaining -= chunk.count
                        continuation.yield(chunk)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let id = registry.register(cancel: {
                task.cancel()
                continuation.finish()
            })
            continuation.onTermination = { _ in
                task.cancel()
                if let id { registry.remove(id) }
            }
        }
    }

    /// Now as RFC 3339 with nanoseconds, as the kubelet stamps log lines (`2026-11-24T01:02:03.123456789Z`).
    static func nanoTime() -> String {
        let now = Date().timeIntervalSince1970
        let seconds = Int64(now.rounded(.down))
        let nanos = Int((now - Double(seconds)) * 1_000_000_000)
        let base = Timestamp(seconds: seconds).rfc3339
        let digits = String(nanos)
        return String(base.dropLast()) + "." + String(repeating: "0", count: max(0, 9 - digits.count)) + digits + "Z"
    }
}

/// Prefixes each line of a byte stream with a time and a space, across chunk boundaries (a line split over two
/// chunks is stamped once, with the time its first part arrived).
struct LineStamper {
    private var atLineStart = true

    mutating func stamp(_ chunk: [UInt8], at time: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count + 32)
        let prefix = Array((time + " ").utf8)
        for byte in chunk {
            if atLineStart {
                out.append(contentsOf: prefix)
                atLineStart = false
            }
            out.append(byte)
            if byte == UInt8(ascii: "\n") { atLineStart = true }
        }
        return out
    }
}
