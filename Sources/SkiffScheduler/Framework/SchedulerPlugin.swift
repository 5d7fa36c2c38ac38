/// A scheduling plugin: a named piece of the scheduling framework (kube-scheduler's `framework.Plugin`).
public protocol SchedulerPlugin: Sendable {
    /// The plugin's name, as kube-scheduler names its own (`NodeResourcesFit`).
    var name: String { get }
}
