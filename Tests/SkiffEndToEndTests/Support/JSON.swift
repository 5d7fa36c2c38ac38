import Foundation

/// A parsed JSON value with forgiving subscripts (a missing key or index is `.null`), so that tests read nested
/// fields of skiffctl's `-o json` output in one expression.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Parses JSON text.
    init(parsing text: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        self.init(foundation: value)
    }

    private init(foundation value: Any) {
        switch value {
        case let dictionary as [String: Any]: self = .object(dictionary.mapValues { JSON(foundation: $0) })
        case let list as [Any]: self = .array(list.map { JSON(foundation: $0) })
        case let string as String: self = .string(string)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else {
                self = .number(number.doubleValue)
            }
        default: self = .null
        }
    }

    subscript(key: String) -> JSON {
        if case .object(let fields) = self { return fields[key] ?? .null }
        return .null
    }

    subscript(index: Int) -> JSON {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return .null
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var array: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var object: [String: JSON]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    var isNull: Bool { self == .null }

    /// `metadata.name` of every item of a `List`.
    var itemNames: [String] { (self["items"].array ?? []).compactMap { $0["metadata"]["name"].string } }
}
