/// Records events (`kubectl get events`, `skiffctl describe`) for objects and files.
public protocol EventRecording: Sendable {
    /// Records that `reason` happened to `object`; repeated identical events are aggregated into a count.
    /// - Parameter type: ``EventType/normal`` or ``EventType/warning``.
    func record(_ object: ObjectReference, type: String, reason: String, message: String)
}

extension ObjectReference {
    /// A manifest file, by its path relative to the manifests folder. Files are not objects, so events about
    /// them name the path with the pseudo-kind `ManifestFile`.
    public static func manifestFile(_ path: String) -> ObjectReference {
        ObjectReference(kind: "ManifestFile", name: path, apiVersion: "skiff.dev/v1alpha1")
    }
}
