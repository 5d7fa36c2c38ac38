/// Field paths as the decoders print them (`spec.containers[0].foo`, `metadata.labels[app.kubernetes.io/name]`),
/// used to drop unknown fields from a request under `fieldValidation=Ignore`.
enum JSONFieldPath {
    enum Step: Equatable {
        case field(String)
        case index(Int)
    }

    /// The steps of a path: names split at dots, `[n]` as indexes, `[key]` as a field named `key`.
    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        var current = ""
        var chars = path[...]
        while let c = chars.popFirst() {
            switch c {
            case ".":
                if !current.isEmpty { steps.append(.field(current)) }
                current = ""
            case "[":
                if !current.isEmpty { steps.append(.field(current)) }
                current = ""
                var inside = ""
                while let d = chars.popFirst(), d != "]" { inside.append(d) }
                steps.append(Int(inside).map(Step.index) ?? .field(inside))
            default:
                current.append(c)
            }
        }
        if !current.isEmpty { steps.append(.field(current)) }
        return steps
    }

    /// `value` without the field at `path` (unchanged when there is none).
    static func removing(_ path: String, from value: JSONValue) -> JSONValue {
        removing(steps(path)[...], from: value)
    }

    private static func removing(_ steps: ArraySlice<Step>, from value: JSONValue) -> JSONValue {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch (step, value) {
        case (.field(let name), .object(var object)):
            if rest.isEmpty {
                object[name] = nil
            } else if let child = object[name] {
                object[name] = removing(rest, from: child)
            }
            return .object(object)
        case (.index(let i), .array(var items)) where items.indices.contains(i):
            if rest.isEmpty {
                items.remove(at: i)
            } else {
                items[i] = removing(rest, from: items[i])
            }
            return .array(items)
        default:
            return value
        }
    }
}
