/// An environment variable of a container (Kubernetes' `v1.EnvVar`, literal values only).
public struct EnvVar: Sendable, Hashable {
    /// The variable's name.
    public var name: String
    /// The value, as written.
    public var value: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(name: String, value: String = "") {
        self.name = name
        self.value = value
    }
}

extension EnvVar {
    /// Reads one `env` entry. Names are checked as Kubernetes 1.32 does by default (the
    /// `RelaxedEnvironmentVariableValidation` rule: printable ASCII other than `=`).
    static func decode(_ r: MappingReader) -> EnvVar {
        let name = r.string("name") ?? ""
        if name.isEmpty {
            r.context.required(r.path.child("name"), r.mark("name"))
        } else if !name.utf8.allSatisfy({ $0 >= 32 && $0 <= 126 && $0 != UInt8(ascii: "=") }) {
            r.context.invalid(
                r.path.child("name"),
                r.mark("name"),
                value: name,
                "a valid environment variable name must consist only of printable ASCII characters other than '='"
            )
        }
        return EnvVar(name: name, value: r.string("value") ?? "")
    }

    /// The variable as Kubernetes prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["name"] = .string(name)
        o.put("value", nonEmpty: value)
        return .object(o)
    }
}
