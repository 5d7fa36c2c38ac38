/// Which names in a manifests folder count as manifests.
///
/// Ignored outright (files and folders, and everything under an ignored folder): dotfiles and dot-folders
/// (which covers Vim's `.name.swp` and Emacs' `.#name` lock files, `.git`, and Kubernetes' `..data` ConfigMap
/// links), and editor temp files `*.swp`, `*.swx`, `*~` and `#name#`. Among the rest, a regular file is a
/// manifest when its extension is one of ``extensions`` (case-sensitive, as for `kubectl apply -f DIR`).
public struct ManifestFileFilter: Sendable, Hashable {
    /// Extensions of manifest files, without the dot.
    public var extensions: Set<String>

    /// Creates a filter for the given extensions (by default `yaml`, `yml` and `json`).
    public init(extensions: Set<String> = ["yaml", "yml", "json"]) {
        self.extensions = extensions
    }

    /// Whether a file or folder with this name is skipped, along with everything under it.
    public func isIgnored(name: some StringProtocol) -> Bool {
        name.hasPrefix(".")
            || name.hasSuffix("~")
            || name.hasSuffix(".swp")
            || name.hasSuffix(".swx")
            || (name.count >= 2 && name.hasPrefix("#") && name.hasSuffix("#"))
    }

    /// Whether a regular file with this name is a manifest.
    public func isManifest(fileName name: some StringProtocol) -> Bool {
        guard !isIgnored(name: name), let dot = name.lastIndex(of: ".") else { return false }
        return extensions.contains(String(name[name.index(after: dot)...]))
    }
}
