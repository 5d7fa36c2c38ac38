/// The result of running a plugin, as kube-scheduler's `framework.Status`: a code, the reasons (each counted
/// separately in the unschedulable message), and the plugin that produced it.
public struct Status: Sendable, Hashable, CustomStringConvertible {
    /// What happened.
    public enum Code: Sendable, Hashable {
        /// The plugin passed the pod.
        case success
        /// The pod does not fit now; evicting pods (preemption) might change that.
        case unschedulable
        /// The pod does not fit, and preemption on this node would not help.
        case unschedulableAndUnresolvable
        /// Something went wrong that is not about fitting.
        case error
        /// The plugin has nothing to do for this pod (a score plugin that is skipped).
        case skip
    }

    /// What happened.
    public var code: Code
    /// Why, in kube-scheduler's words (`Insufficient cpu`).
    public var reasons: [String]
    /// The plugin that returned the status; set by the framework.
    public var plugin: String

    /// A status with the given code and reasons.
    public init(_ code: Code, _ reasons: String..., plugin: String = "") {
        self.code = code
        self.reasons = reasons
        self.plugin = plugin
    }

    /// A status with the given code and reasons.
    public init(_ code: Code, reasons: [String], plugin: String = "") {
        self.code = code
        self.reasons = reasons
        self.plugin = plugin
    }

    /// Success, with no reasons.
    public static let success = Status(.success)

    /// Whether the code is ``Code/success``.
    public var isSuccess: Bool { code == .success }

    /// Whether the pod was rejected (either unschedulable code).
    public var isRejected: Bool { code == .unschedulable || code == .unschedulableAndUnresolvable }

    /// The reasons joined by `, `, as kube-scheduler's `Status.Message()`.
    public var message: String { reasons.joined(separator: ", ") }

    /// The code and message.
    public var description: String { "\(code): \(message)" }
}
