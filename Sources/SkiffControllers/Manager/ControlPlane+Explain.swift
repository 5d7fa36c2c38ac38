import SkiffScheduler

/// Why an explanation or a cancel cannot be given, worded as the Kubernetes API words it.
public enum ControlPlaneRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No such object (`pods "x" not found`).
    case notFound(resource: String, name: String)
    /// The request does not apply to the object's state.
    case conflict(String)
    /// A write kept losing races.
    case busy(String)
    /// The state cannot be saved now (full disk, unwritable state directory); nothing was changed.
    case unavailable(String)

    /// The API's message.
    public var description: String {
        switch self {
        case .notFound(let resource, let name): "\(resource) \"\(name)\" not found"
        case .conflict(let message), .busy(let message), .unavailable(let message): message
        }
    }
}

extension ControlPlane {
    /// The explainer over this control plane's scheduler, with the errors of the manifest file each object came
    /// from.
    public var explainer: SchedulingExplainer {
        let loader = self.loader
        return SchedulingExplainer(store: store, scheduler: scheduler) { object in
            guard let path = object.metadata.annotations[ManifestLoader.sourceAnnotation],
                let file = loader.fileStates().first(where: { $0.path == path }), !file.errors.isEmpty
            else { return [] }
            let shown = file.errors.prefix(3).map(\.description)
            return [
                "\(path) is \(file.phase.rawValue): " + shown.joined(separator: "; ")
                    + (file.errors.count > 3 ? " (and \(file.errors.count - 3) more)" : "")
                    + "; its last good version is in force"
            ]
        }
    }

    /// The `Explanation` document of a pod (`resource` `pods`) or job (`jobs`).
    public func explain(resource: String, namespace: String, name: String) throws(ControlPlaneRequestError)
        -> JSONValue
    {
        switch resource {
        case "pods":
            guard let pod = store.get(Pod.self, namespace: namespace, name: name) else {
                throw .notFound(resource: "pods", name: name)
            }
            return explainer.explain(pod)
        case "jobs":
            guard let job = store.get(Job.self, namespace: namespace, name: name) else {
                throw .notFound(resource: "jobs.skiff.dev", name: name)
            }
            return explainer.explain(job)
        default:
            throw .notFound(resource: resource, name: name)
        }
    }

    /// Asks the Job controller to cancel a job: sets `status.cancelRequested` (once; a second request keeps the
    /// first time). The controller stops the job's pods and moves it to `Canceled`.
    /// - Returns: the job as stored.
    public func cancelJob(namespace: String, name: String) throws(ControlPlaneRequestError) -> Job {
        for _ in 0..<5 {
            guard var job = store.get(Job.self, namespace: namespace, name: name) else {
                throw .notFound(resource: "jobs.skiff.dev", name: name)
            }
            if job.status.isFinished {
                throw .conflict("job \(namespace)/\(name) is already \(job.status.phase)")
            }
            if job.status.cancelRequested != nil { return job }
            job.status.cancelRequested = clock.timestamp
            do {
                return try store.updateStatus(job)
            } catch {
                if error.reason == .conflict { continue }
                if error.reason == .notFound { throw .notFound(resource: "jobs.skiff.dev", name: name) }
                if error.reason == .serviceUnavailable { throw .unavailable(error.description) }
                throw .busy(error.description)
            }
        }
        throw .busy("job \(namespace)/\(name) kept changing while it was being canceled; try again")
    }
}
