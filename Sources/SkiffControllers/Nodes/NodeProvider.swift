/// The `skiff.dev/node-provider` label: which provider runs a node's pods.
public enum NodeProvider {
    /// The label key.
    public static let label = "skiff.dev/node-provider"
    /// The machine skiffd runs on; its pods are real processes.
    public static let local = "local"
    /// A `kind: Node` manifest; its pods are simulated.
    public static let declared = "declared"

    /// Whether `node` is declared (not the local machine): its provider label is anything but `local`.
    public static func isDeclared(_ node: Node) -> Bool {
        node.metadata.labels[label] != local
    }
}
