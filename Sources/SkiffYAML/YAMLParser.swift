import CLibYAML

/// Reads YAML (and JSON, which libyaml reads as flow-style YAML) into node trees with positions, using the
/// system libyaml's event API. Aliases are expanded under ``YAMLLimits/maxAliasExpansion``; merge keys (`<<`)
/// are applied as Kubernetes' YAML decoder applies them; duplicate mapping keys are errors, as in Kubernetes'
/// strict decoding.
public struct YAMLParser: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Parses every document of `text`.
    /// - Parameter file: the name errors carry (a path, or empty).
    public func parse(_ text: String, file: String = "") throws(YAMLError) -> [YAMLDocument] {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses every document of `bytes` (UTF-8, UTF-16 with a BOM also accepted by libyaml).
    public func parse(bytes: [UInt8], file: String = "") throws(YAMLError) -> [YAMLDocument] {
        if bytes.count > limits.maxBytes {
            throw YAMLError(
                file: file,
                mark: Mark(line: 1, column: 1),
                message: "file is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes"
            )
        }
        var builder = TreeBuilder(file: file, limits: limits)
        return try builder.run(bytes)
    }
}

/// Drives libyaml's event parser and assembles trees. Not Sendable: lives for one parse.
private struct TreeBuilder {
    let file: String
    let limits: YAMLLimits

    /// Open collections, innermost last.
    private var stack: [Frame] = []
    private var anchors: [String: AnchoredNode] = [:]
    private var documents: [YAMLDocument] = []
    private var documentMark = Mark(line: 1, column: 1)
    private var documentRoot: YAMLNode?
    private var expandedByAliases = 0

    private struct AnchoredNode {
        var node: YAMLNode
        var size: Int
    }

    private enum Frame {
        case sequence(mark: Mark, anchor: String?, items: [YAMLNode], size: Int)
        case mapping(mark: Mark, anchor: String?, pairs: [YAMLPair], pendingKey: YAMLNode?, size: Int)
    }

    init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    mutating func run(_ bytes: [UInt8]) throws(YAMLError) -> [YAMLDocument] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(file: file, mark: Mark(line: 1, column: 1), message: "cannot initialise the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        // libyaml keeps a pointer to the input; the buffer must outlive every yaml_parser_parse call below.
        var result: Result<[YAMLDocument], YAMLError> = .success([])
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            do throws(YAMLError) {
                try self.loop(&parser)
                result = .success(self.documents)
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    private mutating func loop(_ parser: inout yaml_parser_t) throws(YAMLError) {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw parserError(parser)
            }
            defer { yaml_event_delete(&event) }
            let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                if documents.count >= limits.maxDocuments {
                    throw YAMLError(
                        file: file,
                        mark: mark,
                        message: "more than \(limits.maxDocuments) documents in one file"
                    )
                }
                documentMark = mark
                documentRoot = nil
                anchors.removeAll(keepingCapacity: true)
            case YAML_DOCUMENT_END_EVENT:
                documents.append(YAMLDocument(root: documentRoot, mark: documentMark))
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let value = string(data.value, count: Int(data.length))
                let style: ScalarStyle
                switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: style = .literal
                case YAML_FOLDED_SCALAR_STYLE: style = .folded
                default: style = .plain
                }
                let tag = data.tag.map { String(cString: $0) }
                let node = YAMLNode(.scalar(YAMLScalar(value, style: style, tag: tag)), mark: mark)
                if let anchor = data.anchor {
                    anchors[String(cString: anchor)] = AnchoredNode(node: node, size: 1)
                }
                try add(node, size: 1)
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let anchored = anchors[name] else {
                    throw YAMLError(file: file, mark: mark, message: "unknown anchor '\(name)' referenced")
                }
                expandedByAliases += anchored.size
                if expandedByAliases > limits.maxAliasExpansion {
                    throw YAMLError(
                        file: file,
                        mark: mark,
                        message: "alias expansion exceeds the limit of \(limits.maxAliasExpansion) nodes"
                    )
                }
                var node = anchored.node
                node.mark = mark
                try add(node, size: anchored.size)
            case YAML_SEQUENCE_START_EVENT:
                try checkDepth(mark)
                let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
                stack.append(.sequence(mark: mark, anchor: anchor, items: [], size: 1))
            case YAML_MAPPING_START_EVENT:
                try checkDepth(mark)
                let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
                stack.append(.mapping(mark: mark, anchor: anchor, pairs: [], pendingKey: nil, size: 1))
            case YAML_SEQUENCE_END_EVENT:
                guard case .sequence(let start, let anchor, let items, let size) = stack.popLast() else {
                    throw YAMLError(file: file, mark: mark, message: "unbalanced sequence end")
                }
                let node = YAMLNode(.sequence(items), mark: start)
                if let anchor { anchors[anchor] = AnchoredNode(node: node, size: size) }
                try add(node, size: size)
            case YAML_MAPPING_END_EVENT:
                guard case .mapping(let start, let anchor, let pairs, _, let size) = stack.popLast() else {
                    throw YAMLError(file: file, mark: mark, message: "unbalanced mapping end")
                }
                let node = YAMLNode(.mapping(try applyMergeKeys(pairs)), mark: start)
                if let anchor { anchors[anchor] = AnchoredNode(node: node, size: size) }
                try add(node, size: size)
            default:
                break
            }
        }
    }

    private func checkDepth(_ mark: Mark) throws(YAMLError) {
        if stack.count >= limits.maxDepth {
            throw YAMLError(file: file, mark: mark, message: "nesting deeper than \(limits.maxDepth) levels")
        }
    }

    /// Adds a finished node to the innermost open collection, or makes it the document root.
    private mutating func add(_ node: YAMLNode, size: Int) throws(YAMLError) {
        guard let top = stack.popLast() else {
            documentRoot = node
            return
        }
        switch top {
        case .sequence(let mark, let anchor, var items, let total):
            items.append(node)
            stack.append(.sequence(mark: mark, anchor: anchor, items: items, size: total + size))
        case .mapping(let mark, let anchor, var pairs, let pendingKey, let total):
            if let key = pendingKey {
                if case .scalar(let k) = key.content, !isMergeKey(key) {
                    if let first = pairs.first(where: { $0.key.content == .scalar(k) }) {
                        throw YAMLError(
                            file: file,
                            mark: key.mark,
                            message: "duplicate key '\(k.value)' (first at line \(first.key.mark.line))"
                        )
                    }
                }
                pairs.append(YAMLPair(key: key, value: node))
                stack.append(.mapping(mark: mark, anchor: anchor, pairs: pairs, pendingKey: nil, size: total + size))
            } else {
                stack.append(.mapping(mark: mark, anchor: anchor, pairs: pairs, pendingKey: node, size: total + size))
            }
        }
    }

    private func isMergeKey(_ key: YAMLNode) -> Bool {
        if case .scalar(let s) = key.content, s.value == "<<", s.style == .plain { return true }
        return false
    }

    /// Replaces `<<: *base` (or `<<: [*a, *b]`) entries by the keys they merge in; keys written in the
    /// mapping itself win, and among merged mappings the earlier one wins, as in YAML 1.1's merge type.
    private func applyMergeKeys(_ pairs: [YAMLPair]) throws(YAMLError) -> [YAMLPair] {
        guard pairs.contains(where: { isMergeKey($0.key) }) else { return pairs }
        var own: [YAMLPair] = []
        var merged: [YAMLPair] = []
        for pair in pairs {
            guard isMergeKey(pair.key) else {
                own.append(pair)
                continue
            }
            let sources: [YAMLNode]
            switch pair.value.content {
            case .mapping: sources = [pair.value]
            case .sequence(let items): sources = items
            case .scalar:
                throw YAMLError(file: file, mark: pair.value.mark, message: "expected a mapping or a list of mappings to merge")
            }
            for source in sources {
                guard case .mapping(let sourcePairs) = source.content else {
                    throw YAMLError(file: file, mark: source.mark, message: "expected a mapping to merge")
                }
                merged.append(contentsOf: sourcePairs)
            }
        }
        var seen = Set<YAMLNode.Content>(own.map(\.key.content))
        var result = own
        for pair in merged where !seen.contains(pair.key.content) {
            seen.insert(pair.key.content)
            result.append(pair)
        }
        return result
    }

    private func string(_ pointer: UnsafeMutablePointer<UInt8>?, count: Int) -> String {
        guard let pointer, count > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private func parserError(_ parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var mark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) \(context) started at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1)"
        }
        if parser.error == YAML_READER_ERROR {
            // Reader errors report a byte offset, not a line; say so rather than point at line 1 wrongly.
            message = "\(problem) at byte offset \(parser.problem_offset)"
            mark = Mark(line: 1, column: 1)
        }
        return YAMLError(file: file, mark: mark, message: message)
    }
}
