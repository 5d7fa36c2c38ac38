import CLibYAML

/// Writes node trees as YAML text with the system libyaml's emitter, in the shape kubectl prints: block style,
/// 2-space indentation, sequences inside mappings not indented further (`containers:` then `- name: …` at the
/// same column), Unicode written as is, no line folding, and `---` only between documents.
///
/// Scalars keep the style they carry: plain where ``YAMLNode/string(_:)`` (or the parsed file) chose plain,
/// quoted or block style otherwise. Where a carried style cannot hold the text (a plain scalar containing
/// `": "`, a literal scalar with trailing spaces), libyaml picks the nearest one that can, so the output
/// always reads back as the same text. Explicit tags are written (`!!str 123`). Empty mappings and
/// sequences are written `{}` and `[]`.
///
/// ```swift
/// let pod = YAMLNode.mapping([("apiVersion", .string("v1")), ("kind", .string("Pod"))])
/// let text = try YAMLEmitter.emit([pod])   // "apiVersion: v1\nkind: Pod\n"
/// ```
public enum YAMLEmitter {
    /// Writes `documents` as one YAML stream: an empty string for none, a bare document for one (as
    /// `kubectl get -o yaml` prints one object), documents separated by `---` lines for several.
    /// - Throws: ``YAMLError`` (with mark ``Mark/none``) when libyaml rejects the tree, such as for an empty tag.
    public static func emit(_ documents: [YAMLNode]) throws(YAMLError) -> String {
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        defer { emitter.deallocate() }
        guard yaml_emitter_initialize(emitter) == 1 else {
            throw YAMLError(file: "", mark: .none, message: "cannot initialise the YAML emitter")
        }
        defer { yaml_emitter_delete(emitter) }

        let sink = OutputSink()
        // libyaml calls back with the `data` pointer it was given; the sink outlives the emitter (see the
        // withExtendedLifetime below), so an unretained reference is enough.
        yaml_emitter_set_output(
            emitter,
            { data, buffer, size in
                guard let data else { return 0 }
                let sink = Unmanaged<OutputSink>.fromOpaque(data).takeUnretainedValue()
                if let buffer, size > 0 {
                    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                }
                return 1
            },
            Unmanaged.passUnretained(sink).toOpaque()
        )
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)

        try withExtendedLifetime(sink) { () throws(YAMLError) in
            var writer = EventWriter(emitter: emitter)
            try writer.write(documents)
        }
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Writes one document, without a `---` line.
    public static func emit(_ document: YAMLNode) throws(YAMLError) -> String {
        try emit([document])
    }
}

/// Collects the emitter's output. Used by one emit call on one thread only.
private final class OutputSink {
    var bytes: [UInt8] = []
}

/// Turns node trees into libyaml events and feeds them to the emitter.
private struct EventWriter {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>

    /// Work left to do, innermost last; an explicit stack so that deep trees cannot exhaust a thread's stack.
    private enum Step {
        case node(YAMLNode)
        case endSequence
        case endMapping
    }

    init(emitter: UnsafeMutablePointer<yaml_emitter_t>) {
        self.emitter = emitter
    }

    mutating func write(_ documents: [YAMLNode]) throws(YAMLError) {
        var event = yaml_event_t()
        try check(yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING))
        try emit(&event)
        for document in documents {
            try check(yaml_document_start_event_initialize(&event, nil, nil, nil, 1))
            try emit(&event)
            try write(root: document)
            try check(yaml_document_end_event_initialize(&event, 1))
            try emit(&event)
        }
        try check(yaml_stream_end_event_initialize(&event))
        try emit(&event)
        try check(yaml_emitter_flush(emitter))
    }

    private mutating func write(root: YAMLNode) throws(YAMLError) {
        var steps: [Step] = [.node(root)]
        var event = yaml_event_t()
        while let step = steps.popLast() {
            switch step {
            case .endSequence:
                try check(yaml_sequence_end_event_initialize(&event))
                try emit(&event)
            case .endMapping:
                try check(yaml_mapping_end_event_initialize(&event))
                try emit(&event)
            case .node(let node):
                switch node.content {
                case .scalar(let scalar):
                    try write(scalar)
                case .sequence(let items):
                    try check(yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE))
                    try emit(&event)
                    steps.append(.endSequence)
                    for item in items.reversed() { steps.append(.node(item)) }
                case .mapping(let pairs):
                    try check(yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE))
                    try emit(&event)
                    steps.append(.endMapping)
                    for pair in pairs.reversed() {
                        steps.append(.node(pair.value))
                        steps.append(.node(pair.key))
                    }
                }
            }
        }
    }

    private func write(_ scalar: YAMLScalar) throws(YAMLError) {
        let style: yaml_scalar_style_t
        switch scalar.style {
        case .plain: style = YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: style = YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: style = YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: style = YAML_LITERAL_SCALAR_STYLE
        case .folded: style = YAML_FOLDED_SCALAR_STYLE
        }
        let length = scalar.value.utf8.count
        guard length <= Int(Int32.max) else {
            throw YAMLError(file: "", mark: .none, message: "cannot write a scalar of \(length) bytes")
        }
        // Without a tag, both implicit flags let the reader resolve the scalar by its style; with one, clearing
        // them makes libyaml write the tag.
        let implicit: Int32 = scalar.tag == nil ? 1 : 0
        var event = yaml_event_t()
        let status = scalar.value.withCString { value in
            value.withMemoryRebound(to: yaml_char_t.self, capacity: length + 1) { value in
                withOptionalCString(scalar.tag.map(Self.expandTagShorthand)) { tag in
                    yaml_scalar_event_initialize(
                        &event,
                        nil,
                        tag,
                        UnsafeMutablePointer(mutating: value),
                        Int32(length),
                        implicit,
                        implicit,
                        style
                    )
                }
            }
        }
        try check(status)
        try emit(&event)
    }

    /// `!!str` as written in code becomes the full `tag:yaml.org,2002:str` that libyaml expects and
    /// abbreviates again on output.
    private static func expandTagShorthand(_ tag: String) -> String {
        tag.hasPrefix("!!") ? CoreSchema.tagPrefix + tag.dropFirst(2) : tag
    }

    private func withOptionalCString<R>(
        _ string: String?,
        _ body: (UnsafeMutablePointer<yaml_char_t>?) -> R
    ) -> R {
        guard let string else { return body(nil) }
        return string.withCString { pointer in
            pointer.withMemoryRebound(to: yaml_char_t.self, capacity: string.utf8.count + 1) {
                body(UnsafeMutablePointer(mutating: $0))
            }
        }
    }

    /// Hands the event to libyaml, which takes ownership of it whether or not it succeeds.
    private func emit(_ event: inout yaml_event_t) throws(YAMLError) {
        guard yaml_emitter_emit(emitter, &event) == 1 else {
            throw emitterError()
        }
    }

    /// Event initialisers fail only when they cannot allocate, or on text that is not UTF-8.
    private func check(_ status: Int32) throws(YAMLError) {
        guard status == 1 else { throw emitterError() }
    }

    private func emitterError() -> YAMLError {
        let problem = emitter.pointee.problem.map { String(cString: $0) }
        switch emitter.pointee.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(file: "", mark: .none, message: "cannot write YAML: out of memory")
        case YAML_WRITER_ERROR, YAML_EMITTER_ERROR:
            return YAMLError(file: "", mark: .none, message: "cannot write YAML: \(problem ?? "emitter error")")
        default:
            return YAMLError(file: "", mark: .none, message: "cannot write YAML: \(problem ?? "invalid event")")
        }
    }
}
