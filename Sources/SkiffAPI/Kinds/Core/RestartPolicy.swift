/// When a pod's containers are restarted after they exit (Kubernetes' `v1.RestartPolicy`).
public enum RestartPolicy: String, Sendable, Hashable, CaseIterable {
    /// Always (the default).
    case always = "Always"
    /// Only after a non-zero exit.
    case onFailure = "OnFailure"
    /// Never; the pod ends `Succeeded` or `Failed`.
    case never = "Never"
}
