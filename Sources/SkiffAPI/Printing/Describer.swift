/// `describe` output as kubectl prints it for custom resources: the identity block, then every field with
/// kubectl's labels (`nodeSelector` -> `Node Selector`), then the object's events.
public enum Describer {
    public static func describe(_ object: any APIObject, events: [any APIObject], now: Timestamp) -> String {
        let resource = type(of: object).resource
        var out = ""
        var top: [(String, String)] = [("Name:", object.metadata.name)]
        if resource.namespaced { top.append(("Namespace:", object.metadata.namespace)) }
        out += aligned(top)
        out += mapBlock("Labels:", object.metadata.labels.map { "\($0.key)=\($0.value)" })
        out += mapBlock("Annotations:", object.metadata.annotations.map { "\($0.key): \($0.value)" })
        out += aligned([("API Version:", resource.apiVersion), ("Kind:", resource.kind)])
        guard case .object(let whole) = object.encoded() else { return out }
        for entry in whole.entries where !["apiVersion", "kind"].contains(entry.key) {
            var value = entry.value
            if entry.key == "metadata", case .object(var meta) = value {
                for key in ["name", "namespace", "labels", "annotations"] { meta[key] = nil }
                if meta.isEmpty { continue }
                value = .object(meta)
            }
            out += field(entry.key, value, indent: 0)
        }
        out += eventsBlock(events, now: now)
        return out
    }

    private static func aligned(_ rows: [(String, String)]) -> String {
        rows.map { $0.0.padding(14) + $0.1 + "\n" }.joined()
    }

    private static func mapBlock(_ title: String, _ lines: [String]) -> String {
        guard !lines.isEmpty else { return title.padding(14) + "<none>\n" }
        let sorted = lines.sorted()
        return title.padding(14) + sorted[0] + "\n" + sorted.dropFirst().map { String(repeating: " ", count: 14) + $0 + "\n" }.joined()
    }

    private static func field(_ key: String, _ value: JSONValue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let label = smartLabel(key)
        switch value {
        case .object(let object):
            return "\(pad)\(label):\n" + object.entries.map { field($0.key, $0.value, indent: indent + 2) }.joined()
        case .array(let items):
            if items.isEmpty { return "\(pad)\(label):\n" }
            var out = "\(pad)\(label):\n"
            for item in items {
                if case .object(let object) = item {
                    out += object.entries.map { field($0.key, $0.value, indent: indent + 2) }.joined()
                } else {
                    out += "\(pad)  \(scalarText(item))\n"
                }
            }
            return out
        default:
            return "\(pad)\(label):".padding(max(22, indent + label.count + 3)) + scalarText(value) + "\n"
        }
    }

    private static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .number(let n): return n
        case .string(let s): return s
        default: return value.serialized()
        }
    }

    /// kubectl's `smartLabelFor`: camelCase words title-cased, common acronyms upper-cased; keys with characters
    /// other than letters and `-` kept as they are.
    static func smartLabel(_ field: String) -> String {
        if field.unicodeScalars.contains(where: { !($0.properties.isAlphabetic || $0 == "-") }) { return field }
        var words: [String] = []
        var current = ""
        for ch in field {
            if ch.isUppercase, !current.isEmpty, !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = ""
            }
            current.append(ch)
        }
        if !current.isEmpty { words.append(current) }
        let acronyms: Set<String> = ["API", "URL", "UID", "OSB", "GUID"]
        return words.map { word in
            acronyms.contains(word.uppercased()) ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    /// The events table. Events are read through their JSON form so that any event kind prints.
    private static func eventsBlock(_ events: [any APIObject], now: Timestamp) -> String {
        guard !events.isEmpty else { return "Events:".padding(14) + "<none>\n" }
        struct Row {
            var last: Timestamp
            var cells: [String]
        }
        var rows: [Row] = []
        for event in events {
            let json = event.encoded()
            func text(_ key: String) -> String { json[key]?.stringValue ?? "" }
            let created = event.metadata.creationTimestamp ?? now
            let last = Timestamp(rfc3339: text("lastTimestamp")) ?? created
            var age = HumanDuration.since(last, now: now)
            if case .int(let count) = json["count"] ?? .null, count > 1 {
                let first = Timestamp(rfc3339: text("firstTimestamp")) ?? created
                age += " (x\(count) over \(HumanDuration.since(first, now: now)))"
            }
            let from = json["source"]?["component"]?.stringValue ?? text("reportingComponent")
            rows.append(Row(last: last, cells: [text("type"), text("reason"), age, from, text("message")]))
        }
        var table = Table(columns: ["Type", "Reason", "Age", "From", "Message"])
        table.rows.append(["----", "------", "----", "----", "-------"])
        table.rows += rows.sorted { $0.last < $1.last }.map(\.cells)
        let body = table.rendered().split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        return "Events:\n" + body
    }
}

extension String {
    /// The string padded with spaces to `width` characters (unchanged when longer).
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
