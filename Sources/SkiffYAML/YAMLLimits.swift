/// Limits that stop hostile or runaway input (YAML bombs, deep nesting, huge files) before it costs memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest accepted input, in bytes. The default, 4 MiB, is far above any hand-written manifest while
    /// bounding the memory one file's trees can take; generated files can be allowed more in the configuration.
    public var maxBytes: Int
    /// Deepest accepted nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most documents accepted in one file. The default admits any file within the size limit made of small
    /// objects (a 10 MB file of one-pod documents holds about 29,000).
    public var maxDocuments: Int
    /// Most nodes that alias expansion may add to a file's trees ("billion laughs" stops here). Each alias adds
    /// the node count of what it repeats.
    public var maxAliasExpansion: Int

    /// Limits with the given values; each one not given keeps its default.
    public init(
        maxBytes: Int = 4 * 1024 * 1024,
        maxDepth: Int = 100,
        maxDocuments: Int = 100_000,
        maxAliasExpansion: Int = 100_000
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxDocuments = maxDocuments
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// 4 MiB, 100 levels, 100,000 documents, 100,000 nodes added by aliases.
    public static let `default` = YAMLLimits()
}
