/// One entry of a string map with the positions of its key and value, so that validation errors about a single
/// label point at it.
struct StringMapEntry {
    var key: String
    var value: String
    var keyMark: Mark
    var valueMark: Mark
}

extension MappingReader {
    /// An `int32` field (Go's decoder rejects values outside its range).
    func int32(_ key: String, required: Bool = false) -> Int32? {
        guard let value = int(key, required: required) else { return nil }
        guard let narrow = Int32(exactly: value) else {
            context.error(path.child(key), mark(key), "expected a 32-bit integer, found \(value)")
            return nil
        }
        return narrow
    }

    /// A map of strings to strings with the position of every entry, in document order.
    func stringMapEntries(_ key: String) -> [StringMapEntry]? {
        guard let value = node(key) else { return nil }
        guard case .mapping(let pairs) = value.content else {
            context.error(path.child(key), value.mark, "expected a mapping, found \(value.kindDescription)")
            return nil
        }
        var entries: [StringMapEntry] = []
        entries.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let k = pair.key.scalar?.value else {
                context.error(
                    path.child(key),
                    pair.key.mark,
                    "expected a string key, found \(pair.key.kindDescription)"
                )
                continue
            }
            let v: String
            if case .scalar(let s) = pair.value.content, s.kind == .string {
                v = s.value
            } else if let checked = Self.string(pair.value, path: path.child(key).key(k), context: context) {
                v = checked
            } else {
                continue
            }
            entries.append(StringMapEntry(key: k, value: v, keyMark: pair.key.mark, valueMark: pair.value.mark))
        }
        return entries
    }

    /// A label map (`nodeSelector`) validated as Kubernetes' `ValidateLabels` does: keys are qualified names,
    /// values label values; both reported at the map's path.
    func labels(_ key: String) -> [String: String]? {
        guard let entries = stringMapEntries(key) else { return nil }
        let fieldPath = path.child(key)
        var result: [String: String] = [:]
        result.reserveCapacity(entries.count)
        for entry in entries {
            for problem in NameValidation.isQualifiedName(entry.key) {
                context.invalid(fieldPath, entry.keyMark, value: entry.key, problem)
            }
            for problem in NameValidation.isValidLabelValue(entry.value) {
                context.invalid(fieldPath, entry.valueMark, value: entry.value, problem)
            }
            result[entry.key] = entry.value
        }
        return result
    }

    /// A string field holding a Kubernetes enumeration. Absent and `""` give nil — with `Required value` when
    /// `required` — so that callers apply Kubernetes' default; any other value not in `T` is reported as
    /// `Unsupported value` listing `supported` in the order Kubernetes lists them.
    func enumValue<T: RawRepresentable>(_ key: String, _ type: T.Type, supported: [T], required: Bool = false) -> T?
    where T.RawValue == String {
        let present = node(key) != nil
        guard let text = string(key) else {
            if required && !present { context.required(path.child(key), mark(key)) }
            return nil
        }
        if text.isEmpty {
            if required { context.required(path.child(key), mark(key)) }
            return nil
        }
        if let value = T(rawValue: text) { return value }
        context.notSupported(path.child(key), mark(key), value: text, supported: supported.map(\.rawValue))
        return nil
    }
}
