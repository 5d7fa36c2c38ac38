/// Writes objects that arrive through the API into the manifests folder, so that the folder stays the one source
/// of truth: a new object gets its own file `api/<kind>[-<namespace>]-<name>.yaml`; an object declared in a user's
/// file has that one document rewritten in place (the file's other documents kept byte for byte), or the write is
/// refused when that cannot be done safely (a JSON file, an Azure ML format, a `List`, anchors and aliases).
/// Every write is atomic and durable (temporary file, `fsync`, `rename`, `fsync` of the folder).
///
/// The writer only writes files; the caller then lets the ``ManifestLoader`` apply them.
public struct ManifestWriter: Sendable {
    /// The folder, under the manifests folder, that holds objects created through the API.
    public static let apiFolder = "api"

    /// The manifests folder (absolute).
    public let root: String
    /// Annotations that controllers set and that never go into a file (besides the loader's own source
    /// annotation).
    public var droppedAnnotations: Set<String>
    /// Labels that controllers set and that never go into a file.
    public var droppedLabels: Set<String>

    public init(root: String, droppedAnnotations: Set<String> = [], droppedLabels: Set<String> = []) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.droppedAnnotations = droppedAnnotations
        self.droppedLabels = droppedLabels
    }

    // MARK: - Paths

    /// The file, relative to the manifests folder, for an object created through the API:
    /// `api/<kind lowercased>[-<namespace>]-<name>.yaml`.
    /// - Throws: ``ManifestWriterError/invalidName(_:)`` unless the kind is alphanumeric, the namespace a DNS-1123
    ///   label and the name a DNS-1123 subdomain: such names cannot hold `/` nor start with `.`, so the path can
    ///   never leave the folder nor be a dotfile the watcher ignores.
    public static func apiPath(for key: ObjectKey) throws(ManifestWriterError) -> String {
        let kind = key.groupKind.kind.lowercased()
        guard !kind.isEmpty, kind.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }) else {
            throw .invalidName("kind \"\(key.groupKind.kind)\" cannot name a file")
        }
        if let problem = NameValidation.isDNS1123Subdomain(key.name).first {
            throw .invalidName("metadata.name: Invalid value: \"\(key.name)\": \(problem)")
        }
        var path = "\(apiFolder)/\(kind)"
        if !key.namespace.isEmpty {
            if let problem = NameValidation.isDNS1123Label(key.namespace).first {
                throw .invalidName("metadata.namespace: Invalid value: \"\(key.namespace)\": \(problem)")
            }
            path += "-\(key.namespace)"
        }
        return path + "-\(key.name).yaml"
    }

    func absolute(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : "\(root)/\(relative)"
    }

    // MARK: - What goes into a file

    /// The object as a file declares it: no status (but a Node's `capacity` and `allocatable`), none of the fields the server sets (`uid`,
    /// `resourceVersion`, `generation`, `creationTimestamp`, `deletionTimestamp`, `managedFields`), none of the
    /// annotations, labels and `skiff.dev/` finalizers controllers add. Labels, annotations (among them
    /// `kubectl.kubernetes.io/last-applied-configuration`) and everything else the user set are kept.
    public func document(for object: any APIObject) -> JSONValue {
        document(from: object.encoded())
    }

    /// ``document(for:)`` over an encoded object.
    public func document(from encoded: JSONValue) -> JSONValue {
        guard case .object(var object) = encoded else { return encoded }
        if object["kind"] == .string("Node"), object["apiVersion"] == .string("v1"),
            case .object(let status)? = object["status"]
        {
            // A declared node's size is the one part of status a manifest declares.
            var declared = JSONObject()
            declared.put("capacity", status["capacity"])
            declared.put("allocatable", status["allocatable"])
            object["status"] = declared.isEmpty ? nil : .object(declared)
        } else {
            object["status"] = nil
        }
        if case .object(var metadata)? = object["metadata"] {
            for field in ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds", "managedFields", "selfLink"]
            {
                metadata[field] = nil
            }
            if case .object(var annotations)? = metadata["annotations"] {
                for key in droppedAnnotations.union([ManifestLoader.sourceAnnotation]) { annotations[key] = nil }
                metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
            }
            if case .object(var labels)? = metadata["labels"] {
                for key in droppedLabels { labels[key] = nil }
                metadata["labels"] = labels.isEmpty ? nil : .object(labels)
            }
            if case .array(let finalizers)? = metadata["finalizers"] {
                let kept = finalizers.filter { !($0.stringValue ?? "").hasPrefix("skiff.dev/") }
                metadata["finalizers"] = kept.isEmpty ? nil : .array(kept)
            }
            object["metadata"] = .object(metadata)
        }
        return .object(object)
    }

    /// The YAML text of one document.
    static func yaml(_ document: JSONValue) throws(ManifestWriterError) -> String {
        do {
            return try YAMLEmitter.emit(document.yamlNode)
        } catch {
            throw .io("cannot write YAML: \(error)")
        }
    }

    // MARK: - Writes

    /// Writes `document` as the whole file `relativePath` (creating the `api` folder when needed).
    public func writeFile(_ relativePath: String, document: JSONValue) throws(ManifestWriterError) {
        let path = absolute(relativePath)
        try Self.makeFolder(root)
        let folder = Self.folder(of: path)
        if folder != root { try Self.makeFolder(folder) }
        let text = try Self.yaml(document)
        try Self.atomicWrite(Array(text.utf8), to: path)
    }

    /// Whether the document that starts at `line` of `relativePath` can be rewritten or removed; throws
    /// ``ManifestWriterError/refused(file:line:reason:)`` saying why not.
    public func checkRewritable(_ relativePath: String, line: Int, key: ObjectKey? = nil) throws(ManifestWriterError) {
        _ = try locate(relativePath, line: line, key: key)
    }

    /// Replaces the document that starts at `line` (the object's line as the loader reports it) of
    /// `relativePath` by `document`, keeping the file's other documents, and the comments before and after this
    /// one, byte for byte.
    /// With `key`, the document must declare that object (the file may have changed since the loader read it).
    public func replaceDocument(in relativePath: String, line: Int, key: ObjectKey? = nil, with document: JSONValue)
        throws(ManifestWriterError)
    {
        let located = try locate(relativePath, line: line, key: key)
        var text = located.file
        let emitted = try Self.yaml(document)
        var body = located.file.lines[located.document.leading]
        body += emitted.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { String($0) }
        body += located.file.lines[located.document.trailing]
        text.lines.replaceSubrange(located.document.body, with: body)
        try Self.atomicWrite(Array(text.text.utf8), to: absolute(relativePath))
    }

    /// Removes the document that starts at `line` of `relativePath`, or the whole file when it declares nothing
    /// else. Returns whether the file was removed.
    @discardableResult
    public func removeDocument(in relativePath: String, line: Int, key: ObjectKey? = nil) throws(ManifestWriterError)
        -> Bool
    {
        let located = try locate(relativePath, line: line, key: key)
        var text = located.file
        let document = located.document
        let start = document.marker ?? document.body.lowerBound
        var end = document.body.upperBound
        // The first document has no `---` of its own: take the next one's, so the file does not start with one.
        if document.marker == nil, end < text.lines.count, YAMLText.isMarker(text.lines[end]), text.lines[end] == "---" {
            end += 1
        }
        text.lines.removeSubrange(start..<end)
        if !text.lines.contains(where: { YAMLText.isContent($0) && !YAMLText.isMarker($0) }) {
            try Self.removeFile(absolute(relativePath))
            return true
        }
        try Self.atomicWrite(Array(text.text.utf8), to: absolute(relativePath))
        return false
    }
}
