/// Limits that stop hostile or runaway input (YAML bombs, deep nesting, huge files) before it costs memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest accepted input, in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most documents accepted in one file.
    public var maxDocuments: Int
    /// Most nodes that alias expansion may add to a file's trees ("billion laughs" stops here).
    public var maxAliasExpansion: Int

    public init(
        maxBytes: Int = 4 * 1024 * 1024,
        maxDepth: Int = 100,
        maxDocuments: Int = 10_000,
        maxAliasExpansion: Int = 100_000
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxDocuments = maxDocuments
        self.maxAliasExpansion = maxAliasExpansion
    }

    public static let `default` = YAMLLimits()
}
