import Foundation

/// Replaces `${{inputs.NAME}}` and `${{outputs.NAME}}` in a job's command.
///
/// Literal inputs — a bare number, string or boolean, or `{type: integer|number|string|boolean, default|value: x}`
/// — are substituted as text (booleans as Python prints them, `True`/`False`, since Azure ML's runtime is
/// Python). Data inputs (`uri_file`, `uri_folder`, `mltable`, a `path`, …) cannot be mounted on this machine and
/// are refused, naming the input. Each output gets a local folder under the state dir and `${{outputs.x}}` is its
/// path.
enum InputSubstitution {
    static let literalTypes: Set<String> = ["integer", "number", "string", "boolean"]

    /// The literal value of every input, by name.
    static func literalInputs(_ inputs: JSONObject) throws -> [String: String] {
        var values: [String: String] = [:]
        for entry in inputs.entries {
            switch entry.value {
            case .object(let object):
                let type = object["type"]?.stringValue?.lowercased()
                guard let type, literalTypes.contains(type) else {
                    let kind = type ?? (object["path"] != nil ? "data path" : "mapping without a literal type")
                    throw JobRefusal(
                        "UnsupportedInput",
                        "input \"\(entry.key)\" is a \(kind): Skiff runs jobs with literal inputs only "
                            + "(integer, number, string, boolean); data inputs cannot be mounted"
                    )
                }
                guard let value = object["value"] ?? object["default"], let text = literal(value) else {
                    throw JobRefusal(
                        "UnsupportedInput",
                        "input \"\(entry.key)\" of type \(type) has no literal value or default"
                    )
                }
                values[entry.key] = text
            default:
                guard let text = literal(entry.value) else {
                    throw JobRefusal("UnsupportedInput", "input \"\(entry.key)\" is not a literal value")
                }
                values[entry.key] = text
            }
        }
        return values
    }

    static func literal(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .number(let n): return n
        case .bool(let b): return b ? "True" : "False"
        default: return nil
        }
    }

    /// The command with bindings replaced; `outputs` maps output names to local folders.
    static func substitute(
        _ command: String,
        inputs: [String: String],
        outputs: [String: String]
    ) throws -> String {
        var result = command
        for binding in Job.bindings(in: command) {
            let value: String?
            switch binding.scope {
            case "inputs": value = inputs[binding.name]
            case "outputs": value = outputs[binding.name]
            default:
                throw JobRefusal(
                    "UnsupportedBinding",
                    "\(binding.text): only ${{inputs.NAME}} and ${{outputs.NAME}} can be substituted"
                )
            }
            guard let value else {
                throw JobRefusal("UnsupportedBinding", "\(binding.text) names nothing the job declares")
            }
            result = result.replacingOccurrences(of: binding.text, with: value)
        }
        return result
    }
}
