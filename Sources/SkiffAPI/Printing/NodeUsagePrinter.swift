/// Renders the `NodeUsageList` document of `GET /skiff/v1/top/nodes` as `skiffctl top nodes` prints it: one row per
/// node with each resource as `requested/allocatable (percent)` — the scheduler's view, as `kubectl describe node`'s
/// "Allocated resources" — then one line per device with the pod holding it (`-` when free), and, when asked, the
/// devices' allocation ledger: its latest entries, or all of them.
public enum NodeUsagePrinter {
    /// Resources in the order they are shown; others follow in name order.
    static let preferredOrder = ["cpu", "memory", "pods", "nvidia.com/gpu"]

    /// - Parameter historyLimit: how many of the latest ledger entries to print (all when nil; none when 0).
    public static func render(_ document: JSONValue, historyLimit: Int? = 10) -> String {
        let nodes = items(document["items"])
        guard !nodes.isEmpty else { return "" }
        var names: [String] = []
        for node in nodes {
            for resource in items(node["resources"]) {
                if let name = resource["name"]?.stringValue, !names.contains(name) { names.append(name) }
            }
        }
        names.sort { a, b in
            let (ia, ib) = (preferredOrder.firstIndex(of: a) ?? Int.max, preferredOrder.firstIndex(of: b) ?? Int.max)
            return ia != ib ? ia < ib : a < b
        }
        var table = Table(columns: ["NAME", "STATUS"] + names.map { $0.uppercased() })
        for node in nodes {
            var row = [text(node["name"]), status(node)]
            let resources = items(node["resources"])
            for name in names {
                guard let resource = resources.first(where: { $0["name"]?.stringValue == name }) else {
                    row.append("-")
                    continue
                }
                row.append(cell(resource))
            }
            table.rows.append(row)
        }
        var out = table.rendered()

        var devices = Table(columns: ["NODE", "RESOURCE", "INDEX", "POD"])
        for node in nodes {
            for device in items(node["devices"]) {
                devices.rows.append([
                    text(node["name"]), text(device["resource"]), text(device["index"]), holder(device["pod"]),
                ])
            }
        }
        if !devices.rows.isEmpty { out += "\n" + devices.rendered() }

        if historyLimit != 0 {
            var ledger = Table(columns: ["TIME", "NODE", "RESOURCE", "INDEX", "ACTION", "POD"])
            for node in nodes {
                for entry in items(node["history"]) {
                    ledger.rows.append([
                        text(entry["time"]), text(node["name"]), text(entry["resource"]), text(entry["index"]),
                        text(entry["action"]), holder(entry["pod"]),
                    ])
                }
            }
            // RFC 3339 times in UTC sort as text.
            ledger.rows.sort { $0[0] < $1[0] }
            if let historyLimit { ledger.rows = Array(ledger.rows.suffix(historyLimit)) }
            if !ledger.rows.isEmpty { out += "\n" + ledger.rendered() }
        }
        return out
    }

    /// `1500m/4 (37%)`; without a percent (nothing allocatable) just `requested/allocatable`.
    static func cell(_ resource: JSONValue) -> String {
        let isBytes = ["memory", "ephemeral-storage"].contains(resource["name"]?.stringValue ?? "")
            || (resource["name"]?.stringValue ?? "").hasPrefix("hugepages-")
        let requested = readableBytes(text(resource["requested"], empty: "0"), if: isBytes)
        let allocatable = readableBytes(text(resource["allocatable"], empty: "0"), if: isBytes)
        guard let percent = resource["percent"], percent != .null else { return "\(requested)/\(allocatable)" }
        return "\(requested)/\(allocatable) (\(text(percent))%)"
    }

    /// A byte quantity in a unit people read (`kubectl top` shows whole Mi): whole Mi, or whole Gi from 10Gi on
    /// (`24684096Ki` → `23Gi`).
    static func readableBytes(_ text: String, if isBytes: Bool) -> String {
        // Already readable (`2Gi`, `512Mi`): kept as written.
        guard isBytes, !["Mi", "Gi", "Ti", "Pi"].contains(where: { text.hasSuffix($0) }),
            let quantity = Quantity.parse(text)
        else { return text }
        let bytes = quantity.value
        let mi: Int64 = 1 << 20
        if bytes >= 10 << 30 { return "\(bytes >> 30)Gi" }
        if bytes >= mi { return "\(bytes / mi)Mi" }
        return text
    }

    static func status(_ node: JSONValue) -> String {
        var status = node["ready"] == .bool(true) ? "Ready" : "NotReady"
        if node["unschedulable"] == .bool(true) { status += ",SchedulingDisabled" }
        return status
    }

    /// A device's holder (`ns/name`), or `-` when free.
    public static func holder(_ pod: JSONValue?) -> String {
        guard let pod = pod?.stringValue, !pod.isEmpty else { return "-" }
        return pod
    }

    /// The elements of a JSON array; empty for anything else.
    public static func items(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items) = value ?? .null { return items }
        return []
    }

    /// A scalar's text; `empty` for a missing or null one.
    public static func text(_ value: JSONValue?, empty: String = "") -> String {
        switch value ?? .null {
        case .null: return empty
        case .string(let s): return s
        case .int(let i): return String(i)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case let other: return other.serialized()
        }
    }
}
