/// A pod's quality-of-service class (Kubernetes' `v1.PodQOSClass`), derived from its containers' cpu and memory
/// requests and limits (see `Pod.qosClass`).
public enum PodQOSClass: String, Sendable, Hashable, CaseIterable {
    /// Every container has cpu and memory limits, and requests equal to them.
    case guaranteed = "Guaranteed"
    /// Some requests or limits, but not guaranteed.
    case burstable = "Burstable"
    /// No cpu or memory requests or limits at all.
    case bestEffort = "BestEffort"
}
