/// How names in Azure ML documents become Kubernetes names. Azure ML allows names that Kubernetes does not
/// (`gpu_instance`, `defaultInstanceType`, `Basic-Cluster`); Skiff lowercases them and turns every character that a
/// DNS-1123 subdomain cannot hold into `-`, warning when that changes the name. References go through the same
/// conversion, so `compute: azureml:GPU_Cluster` still finds the compute named `gpu_cluster`.
public enum AzureMLNames {
    /// The Kubernetes form of an Azure ML name: lowercase; characters other than `a-z`, `0-9`, `-` and `.` become
    /// `-`; leading and trailing `-` and `.` are dropped.
    public static func kubernetesName(_ name: String) -> String {
        // Most names are already Kubernetes names: return them as they are without rebuilding them.
        let bytes = name.utf8
        if let first = bytes.first, let last = bytes.last, !isTrimmed(first), !isTrimmed(last),
            bytes.allSatisfy(isKept)
        {
            return name
        }
        var scalars = String.UnicodeScalarView()
        for scalar in name.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "-", ".": scalars.append(scalar)
            default: scalars.append("-")
            }
        }
        var text = Substring(String(scalars))
        while let first = text.first, first == "-" || first == "." { text = text.dropFirst() }
        while let last = text.last, last == "-" || last == "." { text = text.dropLast() }
        return String(text)
    }

    /// `a-z`, `0-9`, `-` and `.`: the bytes ``kubernetesName(_:)`` keeps.
    private static func isKept(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || isTrimmed(byte)
    }

    /// `-` and `.`, which ``kubernetesName(_:)`` drops at either end.
    private static func isTrimmed(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// The compute name in a job's `compute:` reference: `azureml:gpu-cluster`, `azureml:/subscriptions/…/computes/
    /// gpu-cluster` and `gpu-cluster` all name `gpu-cluster` (before ``kubernetesName(_:)``).
    public static func computeName(fromReference reference: String) -> String {
        var text = Substring(reference)
        if text.lowercased().hasPrefix("azureml:") { text = text.dropFirst("azureml:".count) }
        if text.contains("/") {
            let parts = text.split(separator: "/")
            if let index = parts.lastIndex(where: { $0.lowercased() == "computes" }), index + 1 < parts.count {
                return String(parts[index + 1])
            }
            return parts.last.map(String.init) ?? ""
        }
        return String(text)
    }

    /// Converts `name` (read at `path`, `mark`) with ``kubernetesName(_:)``: a warning when the name changes, an
    /// error (and nil) when no valid DNS-1123 subdomain is left.
    public static func convert(
        _ name: String,
        path: FieldPath,
        mark: Mark,
        context: DecodeContext
    ) -> String? {
        let converted = kubernetesName(name)
        if !NameValidation.isDNS1123Subdomain(converted).isEmpty {
            context.invalid(
                path,
                mark,
                value: name,
                "cannot be made a Kubernetes name (a lowercase RFC 1123 subdomain of at most 253 characters)"
            )
            return nil
        }
        if converted != name {
            context.warning(
                path,
                mark,
                "\(FieldError.quote(name)) is stored as \(FieldError.quote(converted)) "
                    + "(Kubernetes names are lowercase RFC 1123 subdomains)"
            )
        }
        return converted
    }

    /// The object name of a document: its `key` field when present, otherwise the file stem, converted with
    /// ``convert(_:path:mark:context:)``. Nil (with an error recorded) when neither gives a usable name.
    public static func objectName(_ reader: MappingReader, key: String?, fileStem: String) -> String? {
        if let key, reader.has(key) {
            guard let name = reader.string(key, required: true) else { return nil }
            return convert(name, path: reader.path.child(key), mark: reader.mark(key), context: reader.context)
        }
        let converted = kubernetesName(fileStem)
        guard NameValidation.isDNS1123Subdomain(converted).isEmpty else {
            let detail = key.map { "set \($0), since " } ?? ""
            reader.context.error(
                reader.path,
                reader.node.mark,
                "the document has no name and the file name \(FieldError.quote(fileStem)) cannot be made one; "
                    + "\(detail)names are lowercase RFC 1123 subdomains"
            )
            return nil
        }
        return converted
    }

    /// The last segment of a document's `$schema` URL, lowercased (`amlcompute.schema.json`); nil without one.
    public static func schemaName(of root: YAMLNode) -> String? {
        guard let url = root[key: "$schema"]?.scalar?.value else { return nil }
        // The text before the first `#` fragment (its first non-empty `#`-separated piece, or the whole URL when
        // it has none), then its last non-empty `/`-separated piece: found by index, since every adapter's
        // `matches` asks for it.
        let bytes = url.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII (every real URL): the same steps on bytes, which then agree with characters.
            var start = bytes.startIndex
            while start < bytes.endIndex, bytes[start] == UInt8(ascii: "#") { start = bytes.index(after: start) }
            var end = bytes[start...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
            if start == end {
                start = bytes.startIndex
                end = bytes.endIndex
            }
            while end > start, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
            guard end > start else { return nil }
            let nameStart = bytes[start..<end].lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? start
            return url[nameStart..<end].lowercased().trimmingWhitespace()
        }
        var trimmed = url[...].drop { $0 == "#" }
        if let hash = trimmed.firstIndex(of: "#") { trimmed = trimmed[..<hash] }
        if trimmed.isEmpty { trimmed = url[...] }
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty else { return nil }
        let name = trimmed.lastIndex(of: "/").map { trimmed[trimmed.index(after: $0)...] } ?? trimmed
        return name.lowercased().trimmingWhitespace()
    }

    /// A document's `type:` value lowercased; nil without one.
    public static func typeValue(of root: YAMLNode) -> String? {
        root[key: "type"]?.scalar?.value.lowercased()
    }
}
