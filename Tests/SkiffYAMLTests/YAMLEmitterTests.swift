import SkiffYAML
import Testing

struct YAMLEmitterTests {
    @Test func writesAKubernetesObjectAsKubectlDoes() throws {
        let pod = YAMLNode.mapping([
            ("apiVersion", .string("v1")),
            ("kind", .string("Pod")),
            (
                "metadata",
                .mapping([
                    ("name", .string("train-0")),
                    ("namespace", .string("default")),
                    ("labels", .mapping([("app", .string("train")), ("rank", .string("0"))])),
                    ("annotations", .mapping([])),
                ])
            ),
            (
                "spec",
                .mapping([
                    ("nodeSelector", .mapping([("gpu", .string("true"))])),
                    (
                        "containers",
                        .sequence([
                            .mapping([
                                ("name", .string("main")),
                                ("image", .string("python:3.12")),
                                ("command", .sequence(["python", "train.py", "--lr", "0.1"].map(YAMLNode.string))),
                                (
                                    "env",
                                    .sequence([
                                        .mapping([("name", .string("MESSAGE")), ("value", .string("hello: world"))]),
                                        .mapping([("name", .string("EMPTY")), ("value", .string(""))]),
                                    ])
                                ),
                                (
                                    "resources",
                                    .mapping([
                                        (
                                            "limits",
                                            .mapping([
                                                ("cpu", .string("2")),
                                                ("memory", .string("4Gi")),
                                                ("nvidia.com/gpu", .int(1)),
                                            ])
                                        )
                                    ])
                                ),
                            ])
                        ])
                    ),
                    ("script", .string("echo one\necho two\n")),
                    ("tolerations", .sequence([])),
                ])
            ),
            ("status", .mapping([("phase", .string("Pending")), ("startTime", .null), ("ready", .bool(false))])),
        ])
        let expected = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: train-0
              namespace: default
              labels:
                app: train
                rank: "0"
              annotations: {}
            spec:
              nodeSelector:
                gpu: "true"
              containers:
              - name: main
                image: python:3.12
                command:
                - python
                - train.py
                - --lr
                - "0.1"
                env:
                - name: MESSAGE
                  value: 'hello: world'
                - name: EMPTY
                  value: ""
                resources:
                  limits:
                    cpu: "2"
                    memory: 4Gi
                    nvidia.com/gpu: 1
              script: |
                echo one
                echo two
              tolerations: []
            status:
              phase: Pending
              startTime: null
              ready: false

            """
        #expect(try YAMLEmitter.emit(pod) == expected)
        let reparsed = try #require(try YAMLParser().parse(expected).first?.root)
        #expect(reparsed.removingMarks() == pod)
    }

    @Test func separatesDocumentsOnlyBetweenThem() throws {
        #expect(try YAMLEmitter.emit([]) == "")
        #expect(try YAMLEmitter.emit([.mapping([("a", .int(1))])]) == "a: 1\n")
        let two = try YAMLEmitter.emit([.mapping([("a", .int(1))]), .sequence([.string("b")]), .string("c")])
        #expect(two == "a: 1\n---\n- b\n--- c\n")
        let docs = try YAMLParser().parse(two)
        #expect(docs.compactMap { $0.root?.removingMarks() } == [
            .mapping([("a", .int(1))]), .sequence([.string("b")]), .string("c"),
        ])
    }

    @Test func writesScalarRootsAndBlockScalarsThatKeepTrailingBreaks() throws {
        #expect(try YAMLEmitter.emit(.string("hello")) == "hello\n")
        let kept = try YAMLEmitter.emit(.string("keep\n\n"))
        #expect(kept == "|+\n  keep\n\n...\n")
        #expect(try YAMLParser().parse(kept).first?.root?.scalar?.value == "keep\n\n")
    }

    @Test func keepsTheStylesScalarsCarry() throws {
        let source = """
            plain: z
            single: 'x'
            double: "y"
            literal: |
              l1
              l2
            folded: >-
              f1
              f2
            tagged: !!str 12
            """
        let root = try #require(try YAMLParser().parse(source).first?.root)
        let expected = """
            plain: z
            single: 'x'
            double: "y"
            literal: |
              l1
              l2
            folded: >-
              f1 f2
            tagged: !!str 12

            """
        #expect(try YAMLEmitter.emit(root) == expected)
    }

    @Test func fallsBackWhenACarriedStyleCannotHoldTheText() throws {
        let node = YAMLNode.mapping([
            ("a", YAMLNode(.scalar(YAMLScalar("x: y")))),
            ("b", YAMLNode(.scalar(YAMLScalar("trailing \nspace", style: .literal)))),
            ("c", YAMLNode(.scalar(YAMLScalar("12", tag: "!!int")))),
        ])
        let text = try YAMLEmitter.emit(node)
        #expect(text == "a: 'x: y'\nb: \"trailing \\nspace\"\nc: !!int 12\n")
        let root = try #require(try YAMLParser().parse(text).first?.root)
        #expect(root["a"]?.scalar?.value == "x: y")
        #expect(root["b"]?.scalar?.value == "trailing \nspace")
        #expect(root["c"]?.scalar?.kind == .int(12))
    }

    static let trickyStrings: [String] = [
        "1", "-1", "1.5", "true", "False", "null", "Null", "~", "0x1F", "0o17", "1e3", ".inf", "-.inf", ".nan",
        "", " ", "  ", "\t", "yes", "no", "on", "off", "y", "n", "0777", "1_000", "12:30:45", "2001-12-14", "<<",
        "a: b", "a:b", "- x", "-", "--", "---", "...", "#x", "a #b", "a#b", "?", "? q", ":", ": c",
        " lead", "trail ", " both ", "multi\nline", "multi\nline\n", "\n\nleading breaks", "trailing breaks\n\n",
        "  indented\n  block\n", "trailing space \nline", "  \n  ", "tab\there", "emoji 😀", "quote's", "dq\"",
        "back\\slash", "nul\u{0}byte", "\u{FEFF}bom", "cr\rlf", "crlf\r\nx", "nel\u{85}x", "ls\u{2028}x", "é",
        "@at", "%pct", "*star", "&amp", "!bang", "|pipe", ">gt", "[a]", "{a}", "a, b", "`tick", "'", "\"",
        String(repeating: "long words ", count: 30),
    ]

    @Test(arguments: trickyStrings)
    func stringsSurviveEmitAndParse(text: String) throws {
        let node = YAMLNode.string(text)
        let tree = YAMLNode.mapping([("value", node), (text, .int(1)), ("list", .sequence([node]))])
        let emitted = try YAMLEmitter.emit([tree, node])
        let docs = try YAMLParser().parse(emitted)
        try #require(docs.count == 2, "\(emitted)")
        let root = try #require(docs[0].root)
        for read in [root["value"], root.pairs?[1].key, root["list"]?.items?.first, docs[1].root] {
            let scalar = try #require(read?.scalar, "\(emitted)")
            #expect(scalar.value == text, "\(emitted)")
            #expect(scalar.kind == .string, "\(emitted)")
        }
        #expect(root.pairs?[1].value.scalar?.kind == .int(1))
    }

    @Test func nonStringScalarsSurviveAsTheirKind() throws {
        let tree = YAMLNode.mapping([
            ("i", .int(-7)), ("f", .float(2.5)), ("big", .float("1e400")), ("b", .bool(true)), ("n", .null),
        ])
        let root = try #require(try YAMLParser().parse(try YAMLEmitter.emit(tree)).first?.root)
        #expect(root["i"]?.scalar?.kind == .int(-7))
        #expect(root["f"]?.scalar?.kind == .float("2.5"))
        #expect(root["big"]?.scalar?.kind == .float("1e400"))
        #expect(root["b"]?.scalar?.kind == .bool(true))
        #expect(root["n"]?.scalar?.kind == .null)
    }

    @Test func writesDeepTreesWithoutRecursion() throws {
        var node = YAMLNode.string("leaf")
        for _ in 0..<1_000 { node = .sequence([node]) }
        let text = try YAMLEmitter.emit(node)
        #expect(text.hasPrefix("- - - - "))
        #expect(text.hasSuffix("leaf\n"))
        let docs = try YAMLParser(limits: YAMLLimits(maxDepth: 1_000)).parse(text)
        var depth = 0
        var current = docs.first?.root
        while let items = current?.items {
            depth += 1
            current = items.first
        }
        #expect(depth == 1_000)
        #expect(current?.scalar?.value == "leaf")
    }

    @Test func reportsWhatLibYAMLRejects() {
        let node = YAMLNode.mapping([("a", YAMLNode(.scalar(YAMLScalar("x", tag: ""))))])
        #expect {
            _ = try YAMLEmitter.emit(node)
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.mark == Mark.none && error.message.contains("tag value must not be empty")
        }
    }
}
