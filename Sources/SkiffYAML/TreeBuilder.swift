import CLibYAML

/// Drives libyaml's event parser over one input and assembles the documents' trees. Lives for one parse.
///
/// Costs stay linear in the input: collections under construction are mutated in place on the stack (never
/// copied per item), duplicate keys are found through a per-mapping dictionary, and aliased subtrees are shared
/// rather than copied (their size is still charged to ``YAMLLimits/maxAliasExpansion``).
struct TreeBuilder {
    let file: String
    let limits: YAMLLimits
    /// The whole input; libyaml reads it in place, and error positions are computed over it.
    let input: UnsafeBufferPointer<UInt8>

    /// Open collections, innermost last.
    private var stack: [Frame] = []
    /// The items of every open sequence, each frame's from its ``Frame/start``: one buffer reused for the whole
    /// parse, so that a finished collection costs one allocation of its exact size instead of an array grown
    /// item by item.
    private var openItems: [YAMLNode] = []
    /// The pairs of every open mapping, as ``openItems`` holds items.
    private var openPairs: [YAMLPair] = []
    private var anchors: [String: AnchoredNode] = [:]
    /// Documents handed over so far.
    private var documentCount = 0
    private var documentMark = Mark(line: 1, column: 1)
    private var documentRoot: YAMLNode?
    private var expandedByAliases = 0

    private struct AnchoredNode {
        var node: YAMLNode
        /// Nodes in the subtree, charged to the alias expansion budget each time an alias repeats it.
        var size: Int
    }

    private struct Frame {
        enum Kind {
            case sequence
            case mapping
        }

        let kind: Kind
        let mark: Mark
        let anchor: String?
        /// Where this collection's items (in ``TreeBuilder/openItems``) or pairs (in
        /// ``TreeBuilder/openPairs``) start.
        let start: Int
        /// A mapping's key whose value has not been read yet.
        var pendingKey: YAMLNode?
        /// A mapping's scalar key texts so far, each with where it first appeared, once the mapping has more
        /// than ``TreeBuilder/linearKeySearchLimit`` pairs; smaller mappings search their pairs instead, which
        /// costs less than hashing every key.
        var keyMarks: [String: Mark]?
        var hasMergeKeys = false
        /// Nodes in the subtree so far, this one included.
        var size = 1

        init(kind: Kind, mark: Mark, anchor: String?, start: Int) {
            self.kind = kind
            self.mark = mark
            self.anchor = anchor
            self.start = start
        }
    }

    init(file: String, limits: YAMLLimits, input: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.limits = limits
        self.input = input
    }

    mutating func run() throws(YAMLError) -> [YAMLDocument] {
        var documents: [YAMLDocument] = []
        try run { documents.append($0) }
        return documents
    }

    /// Parses the input, handing each document to `body` as soon as it ends.
    mutating func run(_ body: (YAMLDocument) -> Void) throws(YAMLError) {
        // On the heap so that libyaml's state has one address for the whole parse.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(file: file, mark: Mark(line: 1, column: 1), message: "cannot initialise the YAML parser")
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, input.baseAddress, input.count)
        try loop(parser, body)
    }

    private mutating func loop(
        _ parser: UnsafeMutablePointer<yaml_parser_t>,
        _ body: (YAMLDocument) -> Void
    ) throws(YAMLError) {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                throw parserError(parser.pointee)
            }
            defer { yaml_event_delete(&event) }
            let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                if documentCount >= limits.maxDocuments {
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
                let document = YAMLDocument(root: Self.contentOrNil(documentRoot), mark: documentMark)
                documentRoot = nil
                documentCount += 1
                body(document)
            case YAML_SCALAR_EVENT:
                let node = YAMLNode(.scalar(Self.scalar(of: event)), mark: mark)
                if let anchor = event.data.scalar.anchor {
                    anchors[String(cString: anchor)] = AnchoredNode(node: node, size: 1)
                }
                try add(node, size: 1)
            case YAML_ALIAS_EVENT:
                try addAlias(String(cString: event.data.alias.anchor), mark: mark)
            case YAML_SEQUENCE_START_EVENT:
                try checkDepth(mark)
                let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
                stack.append(Frame(kind: .sequence, mark: mark, anchor: anchor, start: openItems.count))
            case YAML_MAPPING_START_EVENT:
                try checkDepth(mark)
                let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
                stack.append(Frame(kind: .mapping, mark: mark, anchor: anchor, start: openPairs.count))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else {
                    throw YAMLError(file: file, mark: mark, message: "end of a collection that was never started")
                }
                let node: YAMLNode
                switch frame.kind {
                case .sequence:
                    let items = Array(openItems[frame.start...])
                    openItems.removeSubrange(frame.start...)
                    node = YAMLNode(.sequence(items), mark: frame.mark)
                case .mapping:
                    var pairs = Array(openPairs[frame.start...])
                    openPairs.removeSubrange(frame.start...)
                    if frame.hasMergeKeys {
                        pairs = try applyMergeKeys(pairs)
                    }
                    node = YAMLNode(.mapping(pairs), mark: frame.mark)
                }
                if let anchor = frame.anchor {
                    anchors[anchor] = AnchoredNode(node: node, size: frame.size)
                }
                try add(node, size: frame.size)
            default:
                break
            }
        }
    }

    /// An explicit document with no content (`---` alone) reaches us as an empty plain scalar; that is no root.
    private static func contentOrNil(_ root: YAMLNode?) -> YAMLNode? {
        if case .scalar(let scalar) = root?.content, scalar.value.isEmpty, scalar.style == .plain, scalar.tag == nil {
            return nil
        }
        return root
    }

    private static func scalar(of event: yaml_event_t) -> YAMLScalar {
        let data = event.data.scalar
        let value: String
        if let pointer = data.value, data.length > 0 {
            value = String(decoding: UnsafeBufferPointer(start: pointer, count: Int(data.length)), as: UTF8.self)
        } else {
            value = ""
        }
        let style: ScalarStyle
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        return YAMLScalar(value, style: style, tag: data.tag.map { String(cString: $0) })
    }

    private mutating func addAlias(_ name: String, mark: Mark) throws(YAMLError) {
        guard let anchored = anchors[name] else {
            if stack.contains(where: { $0.anchor == name }) {
                throw YAMLError(file: file, mark: mark, message: "alias *\(name) refers to a node that contains it")
            }
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
    }

    private func checkDepth(_ mark: Mark) throws(YAMLError) {
        if stack.count >= limits.maxDepth {
            throw YAMLError(file: file, mark: mark, message: "nesting deeper than \(limits.maxDepth) levels")
        }
    }

    /// Adds a finished node to the innermost open collection, or makes it the document root.
    private mutating func add(_ node: YAMLNode, size: Int) throws(YAMLError) {
        let top = stack.count - 1
        guard top >= 0 else {
            documentRoot = node
            return
        }
        stack[top].size += size
        switch stack[top].kind {
        case .sequence:
            openItems.append(node)
        case .mapping:
            guard let key = stack[top].pendingKey else {
                stack[top].pendingKey = node
                return
            }
            stack[top].pendingKey = nil
            if Self.isMergeKey(key) {
                stack[top].hasMergeKeys = true
            } else if case .scalar(let scalar) = key.content {
                if let first = firstMark(ofKey: scalar.value, inFrame: top) {
                    throw YAMLError(
                        file: file,
                        mark: key.mark,
                        message: "duplicate key '\(scalar.value)' (first at line \(first.line))"
                    )
                }
                if stack[top].keyMarks != nil {
                    stack[top].keyMarks![scalar.value] = key.mark
                }
            }
            openPairs.append(YAMLPair(key: key, value: node))
        }
    }

    /// Mappings with more pairs than this index their keys in ``Frame/keyMarks``.
    static let linearKeySearchLimit = 16

    /// Where the scalar key `text` first appeared in the mapping `frame` (merge keys aside), or nil when it is
    /// new. Builds the frame's key index when the mapping outgrows a linear search.
    private mutating func firstMark(ofKey text: String, inFrame index: Int) -> Mark? {
        let pairs = openPairs[stack[index].start...]
        if stack[index].keyMarks == nil, pairs.count > Self.linearKeySearchLimit {
            var marks: [String: Mark] = [:]
            marks.reserveCapacity(pairs.count * 2)
            for pair in pairs where !Self.isMergeKey(pair.key) {
                if case .scalar(let scalar) = pair.key.content, marks[scalar.value] == nil {
                    marks[scalar.value] = pair.key.mark
                }
            }
            stack[index].keyMarks = marks
        }
        if let keyMarks = stack[index].keyMarks { return keyMarks[text] }
        for pair in pairs {
            if case .scalar(let scalar) = pair.key.content, scalar.value == text, !Self.isMergeKey(pair.key) {
                return pair.key.mark
            }
        }
        return nil
    }

    private static func isMergeKey(_ key: YAMLNode) -> Bool {
        if case .scalar(let scalar) = key.content, scalar.value == "<<", scalar.style == .plain, scalar.tag == nil {
            return true
        }
        return false
    }

    /// Replaces `<<: *base` (or `<<: [*a, *b]`) entries by the pairs they merge in, at the merge key's place.
    /// Keys written in the mapping itself win wherever they stand, and among merged mappings the earlier one
    /// wins, as YAML 1.1's merge type specifies.
    private func applyMergeKeys(_ pairs: [YAMLPair]) throws(YAMLError) -> [YAMLPair] {
        var taken: Set<String> = []
        for pair in pairs where !Self.isMergeKey(pair.key) {
            if case .scalar(let key) = pair.key.content { taken.insert(key.value) }
        }
        var result: [YAMLPair] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            guard Self.isMergeKey(pair.key) else {
                result.append(pair)
                continue
            }
            let sources: [YAMLNode]
            switch pair.value.content {
            case .mapping: sources = [pair.value]
            case .sequence(let items): sources = items
            case .scalar:
                throw YAMLError(
                    file: file,
                    mark: pair.value.mark,
                    message: "expected a mapping or a list of mappings to merge, found \(pair.value.kindDescription)"
                )
            }
            for source in sources {
                guard case .mapping(let sourcePairs) = source.content else {
                    throw YAMLError(
                        file: file,
                        mark: source.mark,
                        message: "expected a mapping to merge, found \(source.kindDescription)"
                    )
                }
                for sourcePair in sourcePairs {
                    if case .scalar(let key) = sourcePair.key.content, !taken.insert(key.value).inserted {
                        continue
                    }
                    result.append(sourcePair)
                }
            }
        }
        return result
    }
}
