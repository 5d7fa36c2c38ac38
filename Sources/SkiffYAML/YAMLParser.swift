/// Reads YAML (and JSON, which libyaml reads as flow-style YAML) into node trees with positions, using the
/// system libyaml's event API. Aliases are expanded under ``YAMLLimits/maxAliasExpansion``; merge keys (`<<`)
/// are applied as Kubernetes' YAML decoder applies them; duplicate mapping keys are errors, as in Kubernetes'
/// strict decoding.
///
/// Documents: an empty input or one holding only comments has no documents; an explicit document with no
/// content (`---` alone, `--- # note`) is a document whose ``YAMLDocument/root`` is nil.
///
/// Errors carry the 1-based line and column of the problem and say what was expected there, e.g.
/// `did not find expected ',' or ']' while parsing a flow sequence started at line 1, column 4`.
public struct YAMLParser: Sendable {
    /// The limits every parse enforces.
    public var limits: YAMLLimits

    /// A parser enforcing `limits`.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Parses every document of `text`.
    /// - Parameter file: the name errors carry (a path, or empty).
    public func parse(_ text: String, file: String = "") throws(YAMLError) -> [YAMLDocument] {
        var text = text
        // String.withUTF8 rethrows untyped errors; carry the typed one out in a Result.
        let result = text.withUTF8 { bytes in
            Result { () throws(YAMLError) in try parse(buffer: bytes, file: file) }
        }
        return try result.get()
    }

    /// Parses every document of `bytes` (UTF-8, UTF-16 with a BOM also accepted by libyaml).
    public func parse(bytes: [UInt8], file: String = "") throws(YAMLError) -> [YAMLDocument] {
        try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) in try parse(buffer: buffer, file: file) }
    }

    /// Parses every document of `bytes`, handing each to `body` as soon as it ends, so that a caller can be done
    /// with one document's tree before the next is built. On an error, the documents before it have already been
    /// handed over: a caller that must treat a file as all or nothing sets their results aside until this returns.
    public func parse(
        bytes: [UInt8],
        file: String = "",
        eachDocument body: (YAMLDocument) -> Void
    ) throws(YAMLError) {
        try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) in
            try parse(buffer: buffer, file: file, eachDocument: body)
        }
    }

    /// Parses every document of the bytes in `buffer` without copying them (a file read into `Data`, a mapped
    /// file). The buffer is only read during the call.
    public func parse(bytes buffer: UnsafeRawBufferPointer, file: String = "") throws(YAMLError) -> [YAMLDocument] {
        try buffer.withMemoryRebound(to: UInt8.self) { bytes throws(YAMLError) in try parse(buffer: bytes, file: file) }
    }

    private func parse(buffer: UnsafeBufferPointer<UInt8>, file: String) throws(YAMLError) -> [YAMLDocument] {
        var documents: [YAMLDocument] = []
        try parse(buffer: buffer, file: file) { documents.append($0) }
        return documents
    }

    private func parse(
        buffer: UnsafeBufferPointer<UInt8>,
        file: String,
        eachDocument body: (YAMLDocument) -> Void
    ) throws(YAMLError) {
        if buffer.count > limits.maxBytes {
            throw YAMLError(
                file: file,
                mark: Mark(line: 1, column: 1),
                message: "file is \(buffer.count) bytes, over the limit of \(limits.maxBytes) bytes"
            )
        }
        // libyaml reads an empty input as an empty stream, but wants a non-null pointer for it.
        guard buffer.count > 0 else { return }
        var builder = TreeBuilder(file: file, limits: limits, input: buffer)
        try builder.run(body)
    }
}
