/// Why a runtime refused a request.
public enum PodRuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pod cannot be run as given.
    case invalidPod(String)
    /// No pod with that uid is known (and none has state on disk).
    case unknownPod(String)
    /// The pod has no container of that name.
    case unknownContainer(pod: String, container: String)
    /// A file could not be read or written.
    case io(String)

    /// A sentence for users.
    public var description: String {
        switch self {
        case .invalidPod(let why): "pod cannot be run: \(why)"
        case .unknownPod(let uid): "no pod with uid \(uid) on this node"
        case .unknownContainer(let pod, let container): "container \(container) is not valid for pod \(pod)"
        case .io(let why): why
        }
    }
}
