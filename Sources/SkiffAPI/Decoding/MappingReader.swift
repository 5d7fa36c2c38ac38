/// Reads the fields of one YAML mapping for a typed decoder, recording every problem — a wrong type, a missing
/// required field, an unknown field — in the ``DecodeContext`` with the exact position, and carrying on so that
/// one pass reports everything. Unknown fields are errors, as with Kubernetes' strict field validation: call
/// ``finish()`` once every known field has been read.
public final class MappingReader {
    public let node: YAMLNode
    public let path: FieldPath
    public let context: DecodeContext
    private let pairs: [YAMLPair]
    /// The index of each scalar key, for mappings too large to search linearly (nil otherwise): most mappings
    /// hold a handful of keys, where a scan costs less than hashing every key and lookup.
    private var indexByKey: [String: Int]?
    /// Bit `i` is set when pair `i` was read or ignored, for the first 64 pairs; `consumedBeyond` holds the rest.
    private var consumedBits: UInt64 = 0
    private var consumedBeyond: Set<Int> = []

    /// Mappings with more pairs than this get ``indexByKey``.
    private static let linearSearchLimit = 16

    /// A reader for `node`, or nil (with an error recorded) when `node` is not a mapping. A null node reads as
    /// an empty mapping, as Go's decoder treats `spec: null`.
    public init?(_ node: YAMLNode, path: FieldPath, context: DecodeContext) {
        self.node = node
        self.path = path
        self.context = context
        switch node.content {
        case .mapping(let pairs):
            self.pairs = pairs
        case .scalar(let s) where s.kind == .null:
            self.pairs = []
        default:
            context.error(path, node.mark, "expected a mapping, found \(node.kindDescription)")
            return nil
        }
        if pairs.count > Self.linearSearchLimit {
            var index: [String: Int] = [:]
            index.reserveCapacity(pairs.count)
            for (i, pair) in pairs.enumerated() {
                if let key = pair.key.scalar?.value { index[key] = i }
            }
            indexByKey = index
        }
    }

    /// The index of the pair whose key is the scalar `key` (the last one, should several have that text).
    private func index(of key: String) -> Int? {
        if let indexByKey { return indexByKey[key] }
        var i = pairs.count - 1
        while i >= 0 {
            if case .scalar(let scalar) = pairs[i].key.content, scalar.value == key { return i }
            i -= 1
        }
        return nil
    }

    private func isConsumed(_ i: Int) -> Bool {
        i < 64 ? consumedBits & (1 << UInt64(i)) != 0 : consumedBeyond.contains(i)
    }

    private func markConsumed(_ i: Int) {
        if i < 64 {
            consumedBits |= 1 << UInt64(i)
        } else {
            consumedBeyond.insert(i)
        }
    }

    /// Whether pair `i`, or another pair with the same key text (possible only in trees built in code: the
    /// parser rejects repeated keys), was read or ignored. Reading marks one pair per key; the others are looked
    /// for only here, on the way to reporting an unknown field.
    private func isKeyConsumed(_ key: String, at i: Int) -> Bool {
        if isConsumed(i) { return true }
        for (j, pair) in pairs.enumerated() where j != i && isConsumed(j) {
            if case .scalar(let scalar) = pair.key.content, scalar.value == key { return true }
        }
        return false
    }

    /// The keys present, in document order.
    public var keys: [String] { pairs.compactMap { $0.key.scalar?.value } }

    /// Whether `key` is present (even with a null value).
    public func has(_ key: String) -> Bool { index(of: key) != nil }

    /// The raw node of `key`, marking it read; nil when absent or null.
    public func node(_ key: String) -> YAMLNode? {
        guard let i = index(of: key) else { return nil }
        markConsumed(i)
        let value = pairs[i].value
        if case .scalar(let s) = value.content, s.style == .plain, s.kind == .null { return nil }
        return value
    }

    /// The position of `key`'s value, or of the mapping itself when the key is absent (for "Required value").
    public func mark(_ key: String) -> Mark {
        guard let i = index(of: key) else { return node.mark }
        return pairs[i].value.mark
    }

    /// The position of `key` itself.
    public func keyMark(_ key: String) -> Mark {
        guard let i = index(of: key) else { return node.mark }
        return pairs[i].key.mark
    }

    /// Marks `key` as known without reading it (server-set fields a user may copy from `kubectl get -o yaml`).
    public func ignore(_ key: String) {
        if let i = index(of: key) { markConsumed(i) }
    }

    /// Records an error for every key that no one read. Call after reading all known fields.
    public func finish() {
        for (i, pair) in pairs.enumerated() {
            guard let key = pair.key.scalar?.value else {
                context.error(path, pair.key.mark, "expected a string key, found \(pair.key.kindDescription)")
                continue
            }
            if !isKeyConsumed(key, at: i) {
                context.error(FieldPath(), pair.key.mark, "unknown field \(FieldError.quote(path.child(key).description))")
            }
        }
    }

    // MARK: - Scalars

    /// A string field. Only string scalars are accepted, as Kubernetes' decoder accepts them: `name: 123` is an
    /// error ("expected a string, found a number"); pass `lenient: true` for free-form string maps where any
    /// scalar's text is kept (the extension's configuration settings).
    public func string(_ key: String, required: Bool = false, lenient: Bool = false) -> String? {
        guard let value = node(key) else {
            if required { context.required(path.child(key), mark(key)) }
            return nil
        }
        // The common case first, without building the field's path (only errors print it).
        if case .scalar(let s) = value.content, lenient || s.kind == .string { return s.value }
        return Self.string(value, path: path.child(key), context: context, lenient: lenient)
    }

    /// Reads a scalar node as a string (see ``string(_:required:lenient:)``).
    public static func string(_ value: YAMLNode, path: FieldPath, context: DecodeContext, lenient: Bool = false)
        -> String?
    {
        guard case .scalar(let s) = value.content else {
            context.error(path, value.mark, "expected a string, found \(value.kindDescription)")
            return nil
        }
        if case .string = s.kind { return s.value }
        if lenient { return s.value }
        context.error(path, value.mark, "expected a string, found \(value.kindDescription) (quote it: \"\(s.value)\")")
        return nil
    }

    /// An integer field.
    public func int(_ key: String, required: Bool = false) -> Int64? {
        guard let value = node(key) else {
            if required { context.required(path.child(key), mark(key)) }
            return nil
        }
        guard case .scalar(let s) = value.content, case .int(let i) = s.kind else {
            context.error(path.child(key), value.mark, "expected an integer, found \(value.kindDescription)")
            return nil
        }
        return i
    }

    /// A boolean field (`true`/`false`; YAML 1.2 core schema).
    public func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = node(key) else {
            if required { context.required(path.child(key), mark(key)) }
            return nil
        }
        guard case .scalar(let s) = value.content, case .bool(let b) = s.kind else {
            context.error(path.child(key), value.mark, "expected true or false, found \(value.kindDescription)")
            return nil
        }
        return b
    }

    /// A string field that must be one of `allowed` (compared exactly, or case-insensitively).
    public func enumeration(_ key: String, _ allowed: [String], required: Bool = false, caseInsensitive: Bool = false)
        -> String?
    {
        guard let text = string(key, required: required) else { return nil }
        if let match = allowed.first(where: { caseInsensitive ? $0.lowercased() == text.lowercased() : $0 == text }) {
            return match
        }
        context.notSupported(path.child(key), mark(key), value: text, supported: allowed)
        return nil
    }

    /// A timestamp field in RFC 3339.
    public func timestamp(_ key: String) -> Timestamp? {
        guard let text = string(key) else { return nil }
        guard let t = Timestamp(rfc3339: text) else {
            context.invalid(path.child(key), mark(key), value: text, "expected an RFC 3339 time such as 2026-01-02T15:04:05Z")
            return nil
        }
        return t
    }

    // MARK: - Collections

    /// A nested mapping, read by `body`; the nested reader's unknown fields are reported when `body` returns.
    public func mapping<T>(_ key: String, required: Bool = false, _ body: (MappingReader) -> T?) -> T? {
        guard let value = node(key) else {
            if required { context.required(path.child(key), mark(key)) }
            return nil
        }
        guard let reader = MappingReader(value, path: path.child(key), context: context) else { return nil }
        let result = body(reader)
        reader.finish()
        return result
    }

    /// A list field; `each` reads one element (nil elements are dropped after their error was recorded).
    public func list<T>(_ key: String, required: Bool = false, _ each: (YAMLNode, FieldPath) -> T?) -> [T]? {
        guard let value = node(key) else {
            if required { context.required(path.child(key), mark(key)) }
            return nil
        }
        guard case .sequence(let items) = value.content else {
            context.error(path.child(key), value.mark, "expected a list, found \(value.kindDescription)")
            return nil
        }
        var result: [T] = []
        result.reserveCapacity(items.count)
        let listPath = path.child(key)
        for (i, item) in items.enumerated() {
            if let element = each(item, listPath.index(i)) { result.append(element) }
        }
        return result
    }

    /// A list of mappings, each read by `body` with unknown fields reported.
    public func mappingList<T>(_ key: String, required: Bool = false, _ body: (MappingReader) -> T?) -> [T]? {
        list(key, required: required) { item, itemPath in
            guard let reader = MappingReader(item, path: itemPath, context: context) else { return nil }
            let result = body(reader)
            reader.finish()
            return result
        }
    }

    /// A list of strings.
    public func stringList(_ key: String, required: Bool = false) -> [String]? {
        list(key, required: required) { item, itemPath in
            Self.string(item, path: itemPath, context: context)
        }
    }

    /// A map of strings to strings (labels, annotations, nodeSelector).
    public func stringMap(_ key: String, lenient: Bool = false) -> [String: String]? {
        guard let value = node(key) else { return nil }
        guard case .mapping(let entries) = value.content else {
            context.error(path.child(key), value.mark, "expected a mapping, found \(value.kindDescription)")
            return nil
        }
        var result: [String: String] = [:]
        result.reserveCapacity(entries.count)
        for entry in entries {
            guard let k = entry.key.scalar?.value else {
                context.error(path.child(key), entry.key.mark, "expected a string key, found \(entry.key.kindDescription)")
                continue
            }
            if case .scalar(let s) = entry.value.content, lenient || s.kind == .string {
                result[k] = s.value
            } else if let v = Self.string(
                entry.value, path: path.child(key).child(k), context: context, lenient: lenient)
            {
                result[k] = v
            }
        }
        return result
    }

    /// Free-form data kept as JSON (job inputs, sweep search spaces).
    public func json(_ key: String) -> JSONValue? {
        guard let value = node(key) else { return nil }
        return JSONValue(yaml: value)
    }
}
