/// What an event is about: an object, or a manifest file (which is not an object, so it is named by path).
public struct InvolvedObject: Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var namespace: String
    public var name: String
    public var uid: String

    public init(apiVersion: String, kind: String, namespace: String = "", name: String, uid: String = "") {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }

    /// The object an event is about.
    public init(_ object: any APIObject) {
        let resource = type(of: object).resource
        self.init(
            apiVersion: resource.apiVersion,
            kind: resource.kind,
            namespace: object.metadata.namespace,
            name: object.metadata.name,
            uid: object.metadata.uid
        )
    }

    /// A manifest file, by its path relative to the manifests folder.
    public static func manifestFile(_ path: String) -> InvolvedObject {
        InvolvedObject(apiVersion: "skiff.dev/v1alpha1", kind: "ManifestFile", name: path)
    }
}

/// `Normal` or `Warning`, as Kubernetes events.
public enum EventType: String, Sendable, Hashable {
    case normal = "Normal"
    case warning = "Warning"
}

/// Records events (`kubectl get events`, `skiffctl describe`) for objects and files.
public protocol EventRecording: Sendable {
    /// Records that `reason` happened to `object`; repeated identical events are aggregated into a count.
    func record(_ object: InvolvedObject, type: EventType, reason: String, message: String)
}
