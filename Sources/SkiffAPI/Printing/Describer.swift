/// `describe` output as kubectl prints it for custom resources: the identity block, then every field with
/// kubectl's labels (`nodeSelector` -> `Node Selector`), then the object's events. Values are aligned as Go's
/// `tabwriter` aligns kubectl's output: consecutive `label: value` lines share a value column two spaces after
/// the longest label; a heading line (a label without a value) ends the block.
public enum Describer {
    /// One output line: a label cell (with its indentation) and, unless it is a heading, a value.
    struct Line {
        var label: String
        var value: String?
    }

    public static func describe(_ object: any APIObject, events: [any APIObject], now: Timestamp) -> String {
        let resource = type(of: object).resource
        var lines: [Line] = [Line(label: "Name:", value: object.metadata.name)]
        if resource.namespaced { lines.append(Line(label: "Namespace:", value: object.metadata.namespace)) }
        lines += mapLines("Labels:", object.metadata.labels.map { "\($0.key)=\($0.value)" })
        lines += mapLines("Annotations:", object.metadata.annotations.map { "\($0.key): \($0.value)" })
        lines.append(Line(label: "API Version:", value: resource.apiVersion))
        lines.append(Line(label: "Kind:", value: resource.kind))
        if case .object(let whole) = object.encoded() {
            for entry in whole.entries where !["apiVersion", "kind"].contains(entry.key) {
                var value = entry.value
                if entry.key == "metadata", case .object(var meta) = value {
                    for key in ["name", "namespace", "labels", "annotations"] { meta[key] = nil }
                    if meta.isEmpty { continue }
                    value = .object(meta)
                }
                field(entry.key, value, indent: 0, into: &lines)
            }
        }
        var out = render(lines)
        out += eventsBlock(events, now: now)
        return out
    }

    static func render(_ lines: [Line]) -> String {
        var out = ""
        var block: [Line] = []
        func flush() {
            let width = (block.map(\.label.count).max() ?? 0) + 2
            for line in block {
                out += line.label + String(repeating: " ", count: width - line.label.count) + (line.value ?? "") + "\n"
            }
            block.removeAll()
        }
        for line in lines {
            if line.value == nil {
                flush()
                out += line.label + "\n"
            } else {
                block.append(line)
            }
        }
        flush()
        return out
    }

    static func mapLines(_ title: String, _ entries: [String]) -> [Line] {
        guard !entries.isEmpty else { return [Line(label: title, value: "<none>")] }
        let sorted = entries.sorted()
        return [Line(label: title, value: sorted[0])] + sorted.dropFirst().map { Line(label: "", value: $0) }
    }

    private static func field(_ key: String, _ value: JSONValue, indent: Int, into lines: inout [Line]) {
        let label = String(repeating: " ", count: indent) + smartLabel(key) + ":"
        switch value {
        case .object(let object):
            lines.append(Line(label: label, value: nil))
            for entry in object.entries { field(entry.key, entry.value, indent: indent + 2, into: &lines) }
        case .array(let items):
            if items.allSatisfy({ if case .object = $0 { return false } else { return true } }) {
                lines.append(Line(label: label, value: items.map(scalarText).joined(separator: ", ")))
                return
            }
            lines.append(Line(label: label, value: nil))
            for item in items {
                if case .object(let object) = item {
                    for entry in object.entries { field(entry.key, entry.value, indent: indent + 2, into: &lines) }
                } else {
                    lines.append(Line(label: String(repeating: " ", count: indent + 2) + scalarText(item), value: nil))
                }
            }
        default:
            lines.append(Line(label: label, value: scalarText(value)))
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
    static func eventsBlock(_ events: [any APIObject], now: Timestamp) -> String {
        guard !events.isEmpty else { return "Events:  <none>\n" }
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
        let body = table.rendered(padding: 2, minWidth: 0).split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        return "Events:\n" + body
    }
}
