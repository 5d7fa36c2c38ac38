/// Renders the `Explanation` document of `GET /skiff/v1/explain/{pods|jobs}/NS/NAME` as `skiffctl explain` prints
/// it: the target and its phase, the summary, every blocker in layer order, the queue position, one line per node
/// with each check (`node-b: selector ✔ taints ✔ nvidia.com/gpu ✘ needs 4, free 2 (held by job-y: 0,1)`), the
/// ranked suggestions, and for a job each of its pods the same way, indented.
public enum ExplanationPrinter {
    /// The layers blockers are reported in, outermost first (a blocker of an unknown layer goes last).
    public static let layers = [
        "manifest", "compute", "namespace", "instanceType", "nodes", "devices", "gang", "queue",
    ]

    public static func render(_ document: JSONValue) -> String {
        lines(document, indent: "").joined(separator: "\n") + "\n"
    }

    static func lines(_ doc: JSONValue, indent: String) -> [String] {
        var out: [String] = []
        let target = doc["target"]
        let kind = NodeUsagePrinter.text(target?["kind"], empty: "Object")
        let namespace = NodeUsagePrinter.text(target?["namespace"])
        let name = NodeUsagePrinter.text(target?["name"])
        var header = "\(kind) \(namespace.isEmpty ? name : "\(namespace)/\(name)")"
        let phase = NodeUsagePrinter.text(doc["phase"])
        if !phase.isEmpty { header += ": \(phase)" }
        out.append(indent + header)
        let summary = NodeUsagePrinter.text(doc["summary"])
        if !summary.isEmpty { out.append(indent + "  " + summary) }

        let blockers = NodeUsagePrinter.items(doc["blockers"]).enumerated().sorted { a, b in
            let (la, lb) = (layerRank(a.element["layer"]), layerRank(b.element["layer"]))
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        if !blockers.isEmpty {
            out.append("")
            out.append(indent + "Blockers (outermost first):")
            for (i, blocker) in blockers.enumerated() {
                let layer = NodeUsagePrinter.text(blocker["layer"])
                out.append(indent + "  \(i + 1). [\(layer)] \(NodeUsagePrinter.text(blocker["message"]))")
            }
        }

        if let queue = doc["queue"], case .object = queue {
            out.append("")
            out.append(
                indent + "Queue: position \(NodeUsagePrinter.text(queue["position"], empty: "?")) of "
                    + NodeUsagePrinter.text(queue["length"], empty: "?")
            )
        }

        let nodes = NodeUsagePrinter.items(doc["nodes"])
        if !nodes.isEmpty {
            out.append("")
            out.append(indent + "Nodes:")
            for node in nodes { out.append(indent + "  " + nodeLine(node)) }
        }

        let suggestions = NodeUsagePrinter.items(doc["suggestions"]).enumerated().sorted { a, b in
            let (ra, rb) = (rank(a.element), rank(b.element))
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        if !suggestions.isEmpty {
            out.append("")
            out.append(indent + "Suggestions:")
            for (i, suggestion) in suggestions.enumerated() {
                out.append(indent + "  \(i + 1). \(NodeUsagePrinter.text(suggestion["change"]))")
            }
        }

        for pod in NodeUsagePrinter.items(doc["pods"]) {
            out.append("")
            out += lines(pod, indent: indent + "  ")
        }
        return out
    }

    /// `node-b: selector ✔ taints ✔ nvidia.com/gpu ✘ needs 4, free 2 (held by job-y: 0,1)`; a detail followed by
    /// another check ends with `;`, and a node that passes every check says `(fits)`.
    public static func nodeLine(_ node: JSONValue) -> String {
        var parts: [String] = []
        let checks = NodeUsagePrinter.items(node["checks"])
        for (i, check) in checks.enumerated() {
            let ok = check["ok"] == .bool(true)
            var part = "\(NodeUsagePrinter.text(check["check"])) \(ok ? "✔" : "✘")"
            let detail = NodeUsagePrinter.text(check["detail"])
            if !detail.isEmpty {
                part += " " + detail
                if i < checks.count - 1 { part += ";" }
            }
            parts.append(part)
        }
        let fits =
            node["fits"] == .bool(true)
            || (node["fits"] == nil && !checks.isEmpty && checks.allSatisfy { $0["ok"] == .bool(true) })
        if fits { parts.append("(fits)") }
        return "\(NodeUsagePrinter.text(node["name"])):" + (parts.isEmpty ? "" : " " + parts.joined(separator: " "))
    }

    static func layerRank(_ layer: JSONValue?) -> Int {
        layers.firstIndex(of: NodeUsagePrinter.text(layer)) ?? layers.count
    }

    static func rank(_ suggestion: JSONValue) -> Int64 {
        if case .int(let rank) = suggestion["rank"] ?? .null { return rank }
        return Int64.max
    }
}
