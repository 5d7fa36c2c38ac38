/// One reason a pod or job does not run, tagged with the layer it comes from. Explanations list blockers in layer
/// order, so that the first one is the first thing to fix.
public struct Blocker: Sendable, Hashable {
    /// The layers, in the order a workload passes them.
    public enum Layer: String, Sendable, Hashable, CaseIterable, Comparable {
        case manifest
        case compute
        case namespace
        case instanceType
        case nodes
        case devices
        case gang
        case queue

        public static func < (lhs: Layer, rhs: Layer) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Where the blocker comes from.
    public var layer: Layer
    /// What blocks, in a sentence.
    public var message: String

    /// A blocker at `layer`.
    public init(_ layer: Layer, _ message: String) {
        self.layer = layer
        self.message = message
    }

    /// `{"layer", "message"}`.
    public var encoded: JSONValue {
        .object(["layer": .string(layer.rawValue), "message": .string(message)])
    }
}
