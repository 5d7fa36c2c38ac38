/// JSON patch (RFC 6902), `application/json-patch+json`.
public enum JSONPatch {
    /// Applies the array of operations in order; any failing operation fails the whole patch. Errors are
    /// `PatchError.invalid` naming the operation and path (the API answers 422 for a failed `test` or a missing
    /// path, 400 for a malformed patch).
    public static func apply(_ operations: JSONValue, to target: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let items) = operations else {
            throw .invalid("json patch must be an array of operations")
        }
        if items.count > maxOperations {
            throw .invalid("The allowed maximum operations in a JSON patch is \(maxOperations), got \(items.count)")
        }
        var document = target
        for item in items {
            guard case .object(let operation) = item else {
                throw .invalid("json patch operation must be an object, got \(item.serialized())")
            }
            document = try apply(operation, to: document)
        }
        return document
    }

    /// The API server's limit on the operations of one JSON patch.
    public static let maxOperations = 10_000

    private static func apply(_ operation: JSONObject, to document: JSONValue) throws(PatchError) -> JSONValue {
        guard let op = operation["op"]?.stringValue else {
            throw .invalid("json patch operation has no \"op\": \(JSONValue.object(operation).serialized())")
        }
        let path = try pointer(operation, "path", op: op)
        switch op {
        case "add":
            return try add(try value(operation, op: op, path: path), at: path, in: document, op: op)
        case "remove":
            return try remove(at: path, in: document, op: op).document
        case "replace":
            let newValue = try value(operation, op: op, path: path)
            return try replace(at: path, with: newValue, in: document, op: op)
        case "move":
            let from = try pointer(operation, "from", op: op)
            if from == path { return document }
            if from.isPrefix(of: path) {
                throw .invalid("move operation: \"from\" \(text(from)) is a prefix of \"path\" \(text(path))")
            }
            let (removed, moved) = try remove(at: from, in: document, op: op)
            return try add(moved, at: path, in: removed, op: op)
        case "copy":
            let from = try pointer(operation, "from", op: op)
            let copied = try get(from, in: document, op: op)
            return try add(copied, at: path, in: document, op: op)
        case "test":
            let expected = try value(operation, op: op, path: path)
            let actual = try get(path, in: document, op: op)
            if !equal(actual, expected) {
                throw .invalid("test operation for path \(text(path)) failed: expected \(expected.serialized()), "
                    + "found \(actual.serialized())")
            }
            return document
        default:
            throw .invalid("unknown json patch operation \"\(op)\"")
        }
    }

    // MARK: - Operation fields

    private static func pointer(_ operation: JSONObject, _ key: String, op: String) throws(PatchError) -> JSONPointer {
        guard let raw = operation[key] else { throw .invalid("\(op) operation has no \"\(key)\"") }
        guard let text = raw.stringValue, let pointer = JSONPointer(text) else {
            throw .invalid("\(op) operation has an invalid \"\(key)\": \(raw.serialized())")
        }
        return pointer
    }

    private static func value(_ operation: JSONObject, op: String, path: JSONPointer) throws(PatchError) -> JSONValue {
        guard let value = operation["value"] else {
            throw .invalid("\(op) operation for path \(text(path)) has no \"value\"")
        }
        return value
    }

    static func text(_ pointer: JSONPointer) -> String {
        "\"" + pointer.tokens.map { "/" + $0.replacingAll("~", "~0").replacingAll("/", "~1") }.joined() + "\""
    }

    // MARK: - Pointer operations

    static func get(_ pointer: JSONPointer, in document: JSONValue, op: String) throws(PatchError) -> JSONValue {
        var current = document
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { throw missing(pointer, op: op) }
                current = next
            case .array(let array):
                guard let index = JSONPointer.arrayIndex(token), index < array.count else {
                    throw missing(pointer, op: op)
                }
                current = array[index]
            default:
                throw missing(pointer, op: op)
            }
        }
        return current
    }

    private static func add(
        _ value: JSONValue, at pointer: JSONPointer, in document: JSONValue, op: String
    ) throws(PatchError) -> JSONValue {
        if pointer.isRoot { return value }
        return try modify(pointer.parent, in: document, op: op, full: pointer) { (container) throws(PatchError) in
            switch container {
            case .object(var object):
                object[pointer.last] = value
                container = .object(object)
            case .array(var array):
                let token = pointer.last
                if token == "-" {
                    array.append(value)
                } else if let index = JSONPointer.arrayIndex(token), index <= array.count {
                    array.insert(value, at: index)
                } else {
                    throw .invalid("\(op) operation does not apply: index \(token) of path \(text(pointer)) "
                        + "is out of bounds")
                }
                container = .array(array)
            default:
                throw missing(pointer, op: op)
            }
        }
    }

    private static func remove(
        at pointer: JSONPointer, in document: JSONValue, op: String
    ) throws(PatchError) -> (document: JSONValue, removed: JSONValue) {
        if pointer.isRoot { return (.null, document) }
        var removed = JSONValue.null
        let result = try modify(pointer.parent, in: document, op: op, full: pointer) { (container) throws(PatchError) in
            switch container {
            case .object(var object):
                guard let value = object[pointer.last] else { throw missing(pointer, op: op) }
                removed = value
                object[pointer.last] = nil
                container = .object(object)
            case .array(var array):
                guard let index = JSONPointer.arrayIndex(pointer.last), index < array.count else {
                    throw missing(pointer, op: op)
                }
                removed = array.remove(at: index)
                container = .array(array)
            default:
                throw missing(pointer, op: op)
            }
        }
        return (result, removed)
    }

    /// Replaces an existing value in place (an object keeps its key order).
    private static func replace(
        at pointer: JSONPointer, with value: JSONValue, in document: JSONValue, op: String
    ) throws(PatchError) -> JSONValue {
        _ = try get(pointer, in: document, op: op)
        if pointer.isRoot { return value }
        return try modify(pointer.parent, in: document, op: op, full: pointer) { (container) throws(PatchError) in
            switch container {
            case .object(var object):
                object[pointer.last] = value
                container = .object(object)
            case .array(var array):
                guard let index = JSONPointer.arrayIndex(pointer.last), index < array.count else {
                    throw missing(pointer, op: op)
                }
                array[index] = value
                container = .array(array)
            default:
                throw missing(pointer, op: op)
            }
        }
    }

    /// Rewrites the value at `pointer` (which must exist) with `change`.
    private static func modify(
        _ pointer: JSONPointer, in document: JSONValue, op: String, full: JSONPointer,
        _ change: (inout JSONValue) throws(PatchError) -> Void
    ) throws(PatchError) -> JSONValue {
        try modify(pointer.tokens[...], in: document, op: op, full: full, change)
    }

    private static func modify(
        _ tokens: ArraySlice<String>, in value: JSONValue, op: String, full: JSONPointer,
        _ change: (inout JSONValue) throws(PatchError) -> Void
    ) throws(PatchError) -> JSONValue {
        guard let token = tokens.first else {
            var copy = value
            try change(&copy)
            return copy
        }
        switch value {
        case .object(var object):
            guard let child = object[token] else { throw missing(full, op: op) }
            object[token] = try modify(tokens.dropFirst(), in: child, op: op, full: full, change)
            return .object(object)
        case .array(var array):
            guard let index = JSONPointer.arrayIndex(token), index < array.count else { throw missing(full, op: op) }
            array[index] = try modify(tokens.dropFirst(), in: array[index], op: op, full: full, change)
            return .array(array)
        default:
            throw missing(full, op: op)
        }
    }

    private static func missing(_ pointer: JSONPointer, op: String) -> PatchError {
        .invalid("\(op) operation does not apply: doc is missing path: \(text(pointer))")
    }

    /// JSON equality: objects compare without regard to key order, numbers by value.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard x.entries.count == y.entries.count else { return false }
            for entry in x.entries {
                guard let other = y[entry.key], equal(entry.value, other) else { return false }
            }
            return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.int(let x), .number(let y)), (.number(let y), .int(let x)):
            return Double(y) == Double(x)
        case (.number(let x), .number(let y)):
            return x == y || (Double(x) != nil && Double(x) == Double(y))
        default:
            return a == b
        }
    }
}

extension String {
    /// `replacingOccurrences` without Foundation.
    fileprivate func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
