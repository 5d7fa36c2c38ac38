/// One broken version of `victim.yaml` (whose good version declares the instance type `victim` with 1 CPU), and
/// what skiffd must say about it.
struct BadInput: Sendable, CustomStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// The exact lines `skiffctl errors` prints for the file.
    var errors: [String]
    /// The STATE column of `skiffctl files`.
    var state: String
    /// Whether the error carries a line and column (`FILE:LINE:COLUMN: message`), as the issue asks of every
    /// error; false where skiffd knowingly omits them today (see the known issue in the test).
    var positioned = true

    var description: String { name }

    /// The errors as they read for the file at `path` instead of `victim.yaml`.
    func errors(for path: String) -> [String] {
        errors.map { path + $0.dropFirst("victim.yaml".count) }
    }

    /// A file name for this case: its name in lowercase with dashes.
    var slug: String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    init(_ name: String, _ text: String, errors: [String], state: String, positioned: Bool = true) {
        self.init(name, bytes: Array(text.utf8), errors: errors, state: state, positioned: positioned)
    }

    init(_ name: String, bytes: [UInt8], errors: [String], state: String, positioned: Bool = true) {
        self.name = name
        self.bytes = bytes
        self.errors = errors
        self.state = state
        self.positioned = positioned
    }

    /// The good version: the instance type `victim` with `cpu` CPUs.
    static func good(cpu: String) -> String {
        Manifests.instanceType("victim", cpu: cpu, memory: "1Gi")
    }

    static let header = """
        apiVersion: amlarc.azureml.com/v1alpha1
        kind: InstanceType
        metadata:
          name: victim

        """

    /// The size limit's default, 4 MiB.
    static let maxFileBytes = 4 * 1024 * 1024

    /// The corpus from issue 3's "Bad input".
    static let corpus: [BadInput] = [
        BadInput(
            "YAML syntax error",
            header + """
                spec:
                  resources:
                    limits: {cpu: "1", memory: 1Gi
                """,
            errors: [
                "victim.yaml:7:13: did not find expected ',' or '}' while parsing a flow mapping started at line 7, "
                    + "column 13"
            ],
            state: "Invalid at line 7"
        ),
        BadInput(
            "YAML indentation error",
            header + """
                spec:
                  resources:
                    limits:
                      cpu: "1"
                     memory: 1Gi
                """,
            errors: [
                "victim.yaml:9:6: did not find expected key while parsing a block mapping started at line 7, column 5"
            ],
            state: "Invalid at line 9"
        ),
        BadInput(
            "a list where a map belongs",
            header + """
                spec:
                  resources:
                    - cpu: "1"
                """,
            errors: ["victim.yaml:7:5: spec.resources: expected a mapping, found a list"],
            state: "Invalid at line 7"
        ),
        BadInput(
            "unknown kind",
            """
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceTypo
            metadata:
              name: victim
            """,
            errors: [
                "victim.yaml:2:7: kind: no kind \"InstanceTypo\" is registered for version "
                    + "\"amlarc.azureml.com/v1alpha1\""
            ],
            state: "Invalid at line 2"
        ),
        BadInput(
            "unknown field",
            header + """
                spec:
                  resorces:
                    limits: {cpu: "1", memory: 1Gi}
                """,
            errors: [
                "victim.yaml:6:3: spec.resources: Required value", "victim.yaml:6:3: unknown field \"spec.resorces\"",
            ],
            state: "Invalid at line 6"
        ),
        BadInput(
            "negative quantity",
            header + """
                spec:
                  resources:
                    requests:
                      cpu: "-1"
                      memory: 1Gi
                    limits:
                      cpu: "1"
                      memory: 1Gi
                """,
            errors: [
                "victim.yaml:8:12: spec.resources.requests[cpu]: Invalid value: \"-1\": must be greater than or "
                    + "equal to 0"
            ],
            state: "Invalid at line 8"
        ),
        BadInput(
            "1.5 GPUs",
            header + """
                spec:
                  resources:
                    limits:
                      cpu: "1"
                      memory: 1Gi
                      nvidia.com/gpu: 1.5
                """,
            errors: [
                "victim.yaml:10:23: spec.resources.limits[nvidia.com/gpu]: Invalid value: \"1.5\": must be an integer"
            ],
            state: "Invalid at line 10"
        ),
        BadInput(
            "duplicate key",
            """
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata:
              name: victim
              name: victim2
            """,
            errors: ["victim.yaml:5:3: duplicate key 'name' (first at line 4)"],
            state: "Invalid at line 5"
        ),
        BadInput(
            "alias bomb (billion laughs)",
            """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """,
            errors: ["victim.yaml:6:8: alias expansion exceeds the limit of 100000 nodes"],
            state: "Invalid at line 6"
        ),
        BadInput(
            "nesting too deep",
            "a: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n",
            errors: ["victim.yaml:1:103: nesting deeper than 100 levels"],
            state: "Invalid at line 1"
        ),
        BadInput(
            "over the 4 MiB size limit",
            bytes: oversized(),
            errors: ["victim.yaml:1:1: file is \(oversized().count) bytes, over the limit of \(maxFileBytes) bytes"],
            state: "Invalid at line 1",
            positioned: true
        ),
        BadInput(
            "binary garbage",
            bytes: garbage(),
            errors: [
                "victim.yaml:1:1: invalid UTF-8: no character starts with byte 0x89 at byte offset 0; the file must "
                    + "be UTF-8 text"
            ],
            state: "Invalid at line 1"
        ),
        BadInput(
            "control characters",
            bytes: Array(header.utf8) + [0x73, 0x70, 0x65, 0x63, 0x3A, 0x20, 0x01, 0x02, 0x0A],
            errors: [
                "victim.yaml:5:7: control character U+0001 is not allowed in YAML (byte offset 90); is this a "
                    + "binary file?"
            ],
            state: "Invalid at line 5"
        ),
        BadInput(
            "a bad second document",
            good(cpu: "9") + "---\n" + header + "spec: 7\n",
            errors: ["victim.yaml:19:7: spec: expected a mapping, found a number"],
            state: "Invalid at line 19"
        ),
    ]

    /// A valid manifest padded with comment lines to one byte over the limit: only the size is wrong.
    static func oversized() -> [UInt8] {
        var bytes = Array(good(cpu: "7").utf8)
        let line = Array("# padding padding padding padding padding padding padding padding padding\n".utf8)
        while bytes.count + line.count <= maxFileBytes { bytes += line }
        bytes += Array(repeating: UInt8(ascii: "#"), count: maxFileBytes - bytes.count) + [UInt8(ascii: "\n")]
        return bytes
    }

    /// What a `.yaml` file holding a PNG image looks like: a binary header, NULs, then deterministic noise.
    static func garbage() -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        var state: UInt32 = 0x2545_F491
        for _ in 0..<4096 {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            bytes.append(UInt8(truncatingIfNeeded: state))
        }
        return bytes
    }
}
