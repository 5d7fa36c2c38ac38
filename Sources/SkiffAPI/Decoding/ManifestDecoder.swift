/// One object read from a manifest file, with where its document starts.
public struct ManifestObject: Sendable {
    public var object: any APIObject
    public var mark: Mark

    public init(object: any APIObject, mark: Mark) {
        self.object = object
        self.mark = mark
    }
}

/// The result of reading one manifest file: its objects when it is valid, otherwise every error found.
public struct ManifestResult: Sendable {
    public var objects: [ManifestObject]
    public var errors: [FieldError]
    public var warnings: [FieldError]

    public var isValid: Bool { errors.isEmpty }
}

/// Reads a manifest file into objects: several documents (`---`), `kind: List` and `…List` with `items`,
/// Kubernetes-shaped documents looked up in a ``KindRegistry``, and foreign formats through
/// ``ManifestAdapter``s. A file is all or nothing: any error makes the whole file invalid, so that a half-read
/// file never replaces a good one.
public struct ManifestDecoder: Sendable {
    public var registry: KindRegistry
    public var adapters: [any ManifestAdapter]
    public var limits: YAMLLimits

    public init(registry: KindRegistry, adapters: [any ManifestAdapter] = [], limits: YAMLLimits = .default) {
        self.registry = registry
        self.adapters = adapters
        self.limits = limits
    }

    /// Decodes `bytes` read from `file`.
    public func decode(bytes: [UInt8], file: String) -> ManifestResult {
        let context = DecodeContext(file: file)
        var objects: [ManifestObject] = []
        let stem = Self.stem(of: file)
        do {
            // Each document is decoded as soon as it is parsed, so that its tree is released before the next one
            // is built; a syntax error anywhere still makes the file invalid with that error alone, as below.
            try YAMLParser(limits: limits).parse(bytes: Self.strippingLeadingComments(bytes, file), file: file) {
                document in
                guard let root = document.root else { return }
                if case .scalar(let s) = root.content, s.kind == .null { return }
                decodeDocument(root, stem: stem, context: context, into: &objects)
            }
        } catch {
            return ManifestResult(
                objects: [],
                errors: [FieldError(file: file, mark: error.mark, path: "", message: error.message)],
                warnings: []
            )
        }
        return ManifestResult(
            objects: context.hasErrors ? [] : objects,
            errors: context.errors,
            warnings: context.warnings
        )
    }

    private func decodeDocument(
        _ root: YAMLNode,
        stem: String,
        context: DecodeContext,
        into objects: inout [ManifestObject]
    ) {
        guard case .mapping = root.content else {
            context.error(FieldPath(), root.mark, "expected a mapping (an object with apiVersion and kind), found \(root.kindDescription)")
            return
        }
        let apiVersion = root["apiVersion"]?.scalar?.value
        let kind = root["kind"]?.scalar?.value
        if let kind, kind.hasSuffix("List"), root["items"] != nil {
            decodeList(root, apiVersion: apiVersion, kind: kind, stem: stem, context: context, into: &objects)
            return
        }
        if apiVersion == nil && kind == nil, let adapter = adapters.first(where: { $0.matches(root) }) {
            guard let reader = MappingReader(root, path: FieldPath(), context: context) else { return }
            let decoded = adapter.decode(reader, fileStem: stem)
            reader.finish()
            objects.append(contentsOf: decoded.map { ManifestObject(object: $0, mark: root.mark) })
            return
        }
        if apiVersion == nil && kind == nil {
            context.error(
                FieldPath(),
                root.mark,
                "expected a Kubernetes object (apiVersion and kind) or an Azure ML document "
                    + "(type: amlcompute, kubernetes, command or sweep; an attach configuration; a REST body)"
            )
            return
        }
        if let object = ObjectDecoder.decode(root, registry: registry, context: context) {
            objects.append(ManifestObject(object: object, mark: root.mark))
        }
    }

    /// `kind: List` (items carry their own apiVersion and kind) and `kind: XList` (items may omit them, as
    /// `InstanceTypeList` items do).
    private func decodeList(
        _ root: YAMLNode,
        apiVersion: String?,
        kind: String,
        stem: String,
        context: DecodeContext,
        into objects: inout [ManifestObject]
    ) {
        guard let reader = MappingReader(root, path: FieldPath(), context: context) else { return }
        reader.ignore("apiVersion")
        reader.ignore("kind")
        reader.ignore("metadata")
        let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
        if let itemKind, let apiVersion, registry.type(apiVersion: apiVersion, kind: itemKind) == nil {
            context.error(
                FieldPath("kind"),
                reader.mark("kind"),
                "no kind \(FieldError.quote(kind)) is registered for version \(FieldError.quote(apiVersion))"
            )
            return
        }
        _ = reader.list("items", required: true) { item, path in
            guard case .mapping(var pairs) = item.content else {
                context.error(path, item.mark, "expected a mapping, found \(item.kindDescription)")
                return ()
            }
            if let itemKind, let apiVersion {
                if item["kind"] == nil {
                    pairs.insert(YAMLPair(key: .string("kind"), value: .string(itemKind)), at: 0)
                }
                if item["apiVersion"] == nil {
                    pairs.insert(YAMLPair(key: .string("apiVersion"), value: .string(apiVersion)), at: 0)
                }
            }
            let filled = YAMLNode(.mapping(pairs), mark: item.mark)
            let itemContext = context
            if let object = ObjectDecoder.decode(filled, registry: registry, context: itemContext) {
                objects.append(ManifestObject(object: object, mark: item.mark))
            }
            return ()
        }
        reader.finish()
    }

    /// The file name without folders and extension.
    public static func stem(of file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// JSON files copied from Azure's docs may open with `// source:` comment lines (JSONC); YAML reads `#`
    /// comments itself. Blank the `//` lines (keeping line numbers) so that the JSON parses.
    static func strippingLeadingComments(_ bytes: [UInt8], _ file: String) -> [UInt8] {
        guard file.hasSuffix(".json") else { return bytes }
        var out = bytes
        var i = 0
        while i < out.count {
            var j = i
            while j < out.count, out[j] == 32 || out[j] == 9 { j += 1 }
            guard j + 1 < out.count, out[j] == 47, out[j + 1] == 47 else { break }
            while j < out.count, out[j] != 10 {
                out[j] = 32
                j += 1
            }
            i = j + 1
        }
        return out
    }
}
