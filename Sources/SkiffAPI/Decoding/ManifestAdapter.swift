/// Reads a foreign document format (Azure ML's CLI v2 YAML, attach configs, REST bodies, …) that carries no
/// Kubernetes `apiVersion`, into Skiff objects.
public protocol ManifestAdapter: Sendable {
    /// A short name for messages (`Azure ML CLI v2 amlcompute`).
    var name: String { get }
    /// Whether the document is in this format (by `type:`, `$schema`, or characteristic keys).
    func matches(_ root: YAMLNode) -> Bool
    /// Decodes the document, recording errors in `root.context` (unknown fields included).
    /// - Parameter fileStem: the file name without folder and extension, for formats without a name field.
    func decode(_ root: MappingReader, fileStem: String) -> [any APIObject]
}
