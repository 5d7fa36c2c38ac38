/// A JSON value with object keys kept in insertion order, so that output reads as Kubernetes prints it
/// (`apiVersion`, `kind`, `metadata`, `spec`, `status`). Numbers are kept exactly: integers as `Int64`, anything
/// else as its decimal text.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A non-integer (or out-of-range) number, as its exact decimal text.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// One key and its value inside a ``JSONObject``.
public struct JSONEntry: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON object that keeps its keys in the order they were set. Objects here are small (a field list), so a
/// linear lookup beats hashing.
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var entries: [JSONEntry]

    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        entries = elements.map { JSONEntry($0.0, $0.1) }
    }

    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> JSONValue? {
        get { entries.first(where: { $0.key == key })?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(JSONEntry(key, newValue))
            }
        }
    }

    /// Sets `key` unless `value` is nil — the `omitempty` of Go's encoder for optional fields.
    public mutating func put(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }

    /// Sets `key` to the string unless it is nil or empty.
    public mutating func put(_ key: String, nonEmpty value: String?) {
        if let value, !value.isEmpty { self[key] = .string(value) }
    }

    /// Sets `key` to a map of strings (keys sorted, as Go prints maps) unless it is empty.
    public mutating func put(_ key: String, nonEmpty map: [String: String]) {
        if !map.isEmpty { self[key] = .stringMap(map) }
    }

    /// Sets `key` unless the object is empty.
    public mutating func put(_ key: String, nonEmpty object: JSONObject) {
        if !object.isEmpty { self[key] = .object(object) }
    }

    /// Sets `key` unless the array is empty.
    public mutating func put(_ key: String, nonEmpty array: [JSONValue]) {
        if !array.isEmpty { self[key] = .array(array) }
    }
}

extension JSONValue {
    /// A map of strings with its keys sorted, as Go's encoder prints a `map[string]string`.
    public static func stringMap(_ map: [String: String]) -> JSONValue {
        var object = JSONObject()
        for key in map.keys.sorted() { object[key] = .string(map[key]!) }
        return .object(object)
    }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue {
        .array(values.map { .string($0) })
    }
}
