extension PrinterColumn {
    /// `AGE`, as kubectl prints it.
    public static var age: PrinterColumn {
        PrinterColumn("AGE") { object, now in object.age(now: now) }
    }

    /// The status and reason of a condition, e.g. `True` or `False (NamespaceNotFound)`; `Unknown` when absent.
    static func condition(_ header: String, _ type: String, priority: Int = 0, _ conditions: @escaping @Sendable (Object) -> [Condition])
        -> PrinterColumn
    {
        PrinterColumn(header, priority: priority) { object, _ in
            guard let condition = conditions(object)[type: type] else { return "Unknown" }
            return condition.status == .true ? "True" : "\(condition.status.rawValue) (\(condition.reason))"
        }
    }
}

/// Cell texts shared by several kinds' tables.
enum Cells {
    /// `k=v,k2=v2` sorted, or `<none>`.
    static func labels(_ map: [String: String]) -> String {
        map.isEmpty ? "<none>" : map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// `request/limit` for one resource (`500m/1`), one side when only one is set, `-` when neither.
    static func requestLimit(_ requests: ResourceList, _ limits: ResourceList, _ name: ResourceName) -> String {
        switch (requests[name], limits[name]) {
        case (nil, nil): return "-"
        case (let r?, nil): return r.description
        case (nil, let l?): return "-/\(l)"
        case (let r?, let l?): return r == l ? r.description : "\(r)/\(l)"
        }
    }

    /// The text, or `<unknown>` when empty (kubectl's node system info cells).
    static func unknown(_ text: String) -> String {
        text.isEmpty ? "<unknown>" : text
    }

    static func optional(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "<none>" }
        return text
    }
}
