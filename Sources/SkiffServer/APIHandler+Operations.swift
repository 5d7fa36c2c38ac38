/// The routes served by ``ClusterOperations``: `pods/log` (in `APIHandler+Logs.swift`), `/skiff/v1/top/nodes`, `/skiff/v1/explain/...` and the
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

    func unavailable(_ what: String) -> APIResponse {
        .failure(.notImplemented("\(what): not available, this server has no control plane attached"))
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
