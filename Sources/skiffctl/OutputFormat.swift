import ArgumentParser
import SkiffAPI

/// `-o` values, as kubectl spells them.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table = ""
    case wide
    case json
    case yaml
    case name

    init?(argument: String) {
        self.init(rawValue: argument)
        if argument.isEmpty { return nil }
    }

    static var allValueStrings: [String] { ["wide", "json", "yaml", "name"] }
}

/// Renders objects in the chosen format.
enum ObjectPrinter {
    /// One object as kubectl prints `-o json` (4-space indentation) or `-o yaml`.
    static func render(_ value: JSONValue, as format: OutputFormat) throws -> String {
        switch format {
        case .yaml: return try YAMLEmitter.emit([value.yamlNode])
        default: return value.serialized(pretty: true) + "\n"
        }
    }

    /// `kind.group/name` (lowercase kind), as `kubectl get -o name` prints.
    static func name(of object: any APIObject) -> String {
        let resource = type(of: object).resource
        let kind = resource.kind.lowercased()
        return resource.group.isEmpty ? "\(kind)/\(object.metadata.name)" : "\(kind).\(resource.group)/\(object.metadata.name)"
    }

    /// A list as kubectl prints `-o json`/`-o yaml` for several objects: `kind: List`.
    static func list(_ objects: [any APIObject]) -> JSONValue {
        var list = JSONObject()
        list["apiVersion"] = .string("v1")
        list["items"] = .array(objects.map { $0.encoded() })
        list["kind"] = .string("List")
        list["metadata"] = .object(["resourceVersion": .string("")])
        return .object(list)
    }
}
