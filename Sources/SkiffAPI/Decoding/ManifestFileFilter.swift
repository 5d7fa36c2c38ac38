/// Which files in a manifests folder are manifests: `.yaml`, `.yml` and `.json` files that are not hidden
/// (no path component starts with a dot) and not editor leftovers (`*.swp`, `*.swx`, `*~`, `.#*`, `#*#`).
/// The daemon's folder watcher and `skiffctl validate` use the same rule, so both see the same files.
public enum ManifestFileFilter {
    /// Whether a file at `relativePath` (relative to the manifests folder) is a manifest.
    public static func isManifest(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/")
        guard let name = components.last else { return false }
        if components.contains(where: { $0.hasPrefix(".") }) { return false }
        if name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") { return false }
        if name.hasPrefix("#") && name.hasSuffix("#") { return false }
        return name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")
    }

    /// Whether a folder at `relativePath` may hold manifests (hidden folders are skipped).
    public static func isManifestFolder(_ relativePath: String) -> Bool {
        !relativePath.split(separator: "/").contains(where: { $0.hasPrefix(".") })
    }
}
