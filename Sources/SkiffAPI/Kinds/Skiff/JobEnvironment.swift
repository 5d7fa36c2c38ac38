/// The environment a job runs in: a registered Azure ML environment (`azureml:name@latest`,
/// `azureml:name:version`) or an inline specification (`image`, or a Docker `build` context, plus Azure ML's other
/// environment fields), kept verbatim.
public enum JobEnvironment: Sendable, Hashable {
    case reference(String)
    case inline(JSONObject)

    /// The container image of an inline environment.
    public var image: String? {
        guard case .inline(let object) = self else { return nil }
        return object["image"]?.stringValue
    }

    /// Reads `environment` from a job or trial: a string or a mapping.
    public static func decode(_ r: MappingReader, key: String, required: Bool) -> JobEnvironment? {
        guard let node = r.node(key) else {
            if required { r.context.required(r.path.child(key), r.mark(key)) }
            return nil
        }
        let path = r.path.child(key)
        switch node.content {
        case .scalar:
            guard let text = MappingReader.string(node, path: path, context: r.context), !text.isEmpty else {
                if node.scalar?.kind == .string { r.context.required(path, node.mark) }
                return nil
            }
            return .reference(text)
        case .mapping:
            guard case .object(let object) = JSONValue(yaml: node) else { return nil }
            if object["image"] == nil && object["build"] == nil {
                r.context.required(path.child("image"), node.mark, "an inline environment needs image or build")
                return nil
            }
            if let image = object["image"], image.stringValue?.isEmpty ?? true {
                r.context.error(
                    path.child("image"),
                    node[key: "image"]?.mark ?? node.mark,
                    "expected a non-empty string"
                )
                return nil
            }
            return .inline(object)
        case .sequence:
            r.context.error(path, node.mark, "expected a string or a mapping, found a list")
            return nil
        }
    }

    /// The value as a job prints it.
    public var encoded: JSONValue {
        switch self {
        case .reference(let name): return .string(name)
        case .inline(let object): return .object(object)
        }
    }
}
