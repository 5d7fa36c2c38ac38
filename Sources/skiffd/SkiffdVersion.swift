/// The version `skiffd --version` prints (and `skiffctl version` should match).
enum SkiffdVersion {
    /// Skiff's own version.
    static let current = "0.1.0"
    /// What `--version` prints: Skiff's version and the Kubernetes API version served.
    static let description = "skiffd \(current) (Kubernetes API v1.32)"
}
