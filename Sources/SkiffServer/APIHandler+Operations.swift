/// The routes served by ``ClusterOperations``: `pods/log`, `/skiff/v1/top/nodes`, `/skiff/v1/explain/...` and the
/// Job `cancel` subresource. Requests are checked against the store first, so that a missing pod or job reads
/// exactly as the Kubernetes API server words it whatever the control plane does.
extension APIHandler {
    static let explainPrefix = "/skiff/v1/explain/"

    /// The namespace and name of `POST /apis/skiff.dev/v1alpha1/namespaces/{ns}/jobs/{name}/cancel`.
    static func jobCancelTarget(_ path: String) -> (namespace: String, name: String)? {
        guard let parsed = APIPath(path), parsed.group == Job.resource.group, parsed.version == Job.resource.version,
            parsed.resource == Job.resource.plural, parsed.subresource == "cancel",
            let namespace = parsed.namespace, let name = parsed.name
        else { return nil }
        return (namespace, name)
    }

    /// The name of `POST /api/v1/nodes/{name}/preempt`.
    static func nodePreemptTarget(_ path: String) -> String? {
        guard let parsed = APIPath(path), parsed.group == "", parsed.resource == Node.resource.plural,
            parsed.subresource == "preempt", parsed.namespace == nil, let name = parsed.name
        else { return nil }
        return name
    }

    /// The Status for whatever a ``ClusterOperations`` method threw.
    static func status(for error: any Error) -> APIStatus {
        if let status = error as? APIStatus { return status }
        if let error = error as? StoreError { return APIStatus(store: error) }
        return APIStatus(code: 500, reason: "InternalError", message: "\(error)")
    }

    private func unavailable(_ what: String) -> APIResponse {
        .failure(.notImplemented("\(what): not available, this server has no control plane attached"))
    }

    // MARK: Logs

    /// `GET /api/v1/namespaces/{ns}/pods/{name}/log` with kubectl's `PodLogOptions` query parameters; a pod not yet
    /// bound to a node has an empty log, as in Kubernetes. `follow`,
    /// `tailLines`, `container` and `limitBytes` are honoured; `previous` answers as the kubelet does for a
    /// container that never restarted; `timestamps`, `sinceSeconds` and `sinceTime` are accepted and ignored (the
    /// runtimes keep no per-line times).
    func podLog(namespace: String, name: String, query: [String: String]) async -> APIResponse {
        let follow: Bool
        let previous: Bool
        let tailLines: Int?
        let limitBytes: Int?
        do {
            follow = try Self.bool(query, "follow")
            previous = try Self.bool(query, "previous")
            _ = try Self.bool(query, "timestamps")
            tailLines = try Self.integer(query, "tailLines", minimum: 0)
            limitBytes = try Self.integer(query, "limitBytes", minimum: 1)
            _ = try Self.integer(query, "sinceSeconds", minimum: 1)
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
        if previous {
            let restarts = pod.status.containerStatuses.first { $0.name == container }?.restartCount ?? 0
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
        let source: AsyncThrowingStream<[UInt8], any Error>
        do {
            source = try operations.podLogs(
                namespace: namespace,
                name: name,
                container: container,
                follow: follow,
                tailLines: tailLines
            )
        } catch {
            return .failure(Self.status(for: error))
        }
        return .bytes(contentType: "text/plain", body: served(source, limitBytes: limitBytes))
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

    /// Passes `source` on, cut at `limitBytes`, and registers it so that a graceful shutdown ends a followed log.
    /// When the client goes away the source's iteration is cancelled, which ends its producer's tailing.
    private func served(
        _ source: AsyncThrowingStream<[UInt8], any Error>,
        limitBytes: Int?
    )
        -> AsyncThrowingStream<[UInt8], any Error>
    {
        let registry = watches
        return AsyncThrowingStream { continuation in
            let task = Task {
                var remaining = limitBytes ?? Int.max
                do {
                    for try await chunk in source where !chunk.isEmpty {
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

    /// A boolean query parameter read as Go's `strconv.ParseBool` reads it; absent is false.
    static func bool(_ query: [String: String], _ name: String) throws -> Bool {
        guard let text = query[name] else { return false }
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False", "": return false
        default: throw APIStatus.badRequest("\(name): invalid value \"\(text)\": must be true or false")
        }
    }

    /// An integer query parameter of at least `minimum`; absent is nil.
    static func integer(_ query: [String: String], _ name: String, minimum: Int) throws -> Int? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            throw APIStatus.badRequest("\(name): invalid value \"\(text)\": must be an integer")
        }
        guard value >= minimum else {
            throw APIStatus.badRequest("\(name): Invalid value: \(value): must be greater than or equal to \(minimum)")
        }
        return value
    }

    // MARK: Top, explain, cancel

    /// `GET /skiff/v1/top/nodes`: the `NodeUsageList` document.
    func nodeUsage() -> APIResponse {
        guard let operations else { return unavailable("node usage") }
        return .json(status: 200, body: operations.nodeUsage())
    }

    /// `GET /skiff/v1/explain/{pods|jobs}/{namespace}/{name}` (`rest` is what follows `/skiff/v1/explain/`).
    func explain(_ rest: String) -> APIResponse {
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).removingPercentEncoding
        }
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        let (resource, namespace, name) = (parts[0], parts[1], parts[2])
        let type: any APIObject.Type
        switch resource {
        case "pods": type = Pod.self
        case "jobs": type = Job.self
        default:
            return .failure(.notFound("cannot explain \"\(resource)\": only pods and jobs are explained"))
        }
        guard store.get(ObjectKey(type.resource.groupKind, namespace: namespace, name: name)) != nil else {
            return .failure(.notFound("\(qualified(type.resource)) \"\(name)\" not found"))
        }
        guard let operations else { return unavailable("explain") }
        do {
            return .json(
                status: 200,
                body: try operations.explain(resource: resource, namespace: namespace, name: name)
            )
        } catch {
            return .failure(Self.status(for: error))
        }
    }

    /// `POST .../jobs/{name}/cancel`: returns the job with `status.cancelRequested` set.
    func cancelJob(namespace: String, name: String) -> APIResponse {
        guard store.get(ObjectKey(Job.resource.groupKind, namespace: namespace, name: name)) != nil else {
            return .failure(.notFound("\(qualified(Job.resource)) \"\(name)\" not found"))
        }
        guard let operations else { return unavailable("job cancellation") }
        do {
            return .json(status: 200, body: try operations.cancelJob(namespace: namespace, name: name))
        } catch {
            return .failure(Self.status(for: error))
        }
    }

    /// `POST /api/v1/nodes/{name}/preempt`: returns the node marked `preempted`.
    func preemptNode(name: String) -> APIResponse {
        guard store.get(ObjectKey(Node.resource.groupKind, name: name)) != nil else {
            return .failure(.notFound("nodes \"\(name)\" not found"))
        }
        guard let operations else { return unavailable("node preemption") }
        do {
            return .json(status: 200, body: try operations.preemptNode(name: name))
        } catch {
            return .failure(Self.status(for: error))
        }
    }
}
