/// A parsed Kubernetes resource path: `/api/v1/namespaces/NS/pods/NAME/status` and its variants.
public struct APIPath: Sendable, Hashable {
    /// Empty for the core group.
    public var group: String
    public var version: String
    /// The resource's plural (`pods`), or `namespaces` for the namespace resource itself.
    public var resource: String
    public var namespace: String?
    public var name: String?
    public var subresource: String?

    /// Parses the path part of a URL; nil when it is not a resource path.
    public init?(_ path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding }
        guard !parts.isEmpty else { return nil }
        if parts[0] == "api", parts.count >= 2 {
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        } else if parts[0] == "apis", parts.count >= 3 {
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        } else {
            return nil
        }
        guard !parts.isEmpty else {
            // The group-version root (`/api/v1`, `/apis/GROUP/VERSION`): its discovery document.
            resource = ""
            return
        }
        if parts[0] == "namespaces", parts.count >= 3 {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        resource = parts[0]
        name = parts.count > 1 ? parts[1] : nil
        subresource = parts.count > 2 ? parts[2] : nil
        if parts.count > 3 { return nil }
    }
}

extension String {
    /// Decodes `%XX` escapes (URL path segments); invalid escapes are kept as written.
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var it = Array(utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2, let h = hexValue(it[it.startIndex]), let l = hexValue(it[it.startIndex + 1]) {
                bytes.append(h << 4 | l)
                it.removeFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: return c - 48
    case 65...70: return c - 55
    case 97...102: return c - 87
    default: return nil
    }
}
