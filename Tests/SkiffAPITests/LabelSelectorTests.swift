import Foundation
import SkiffAPI
import Testing

/// Cases ported from Kubernetes' `staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go` and, for the
/// structured selector, `pkg/apis/meta/v1/helper_test.go`; each test names the Go test it comes from.
struct LabelSelectorTests {
    typealias Requirement = LabelSelector.Requirement

    static func selector(_ text: String) throws -> LabelSelector {
        try LabelSelector(parsing: text)
    }

    static func requirement(_ key: String, _ op: LabelSelector.Operator, _ values: [String] = []) throws -> Requirement
    {
        try Requirement(key: key, operator: op, values: values)
    }

    // MARK: TestSelectorParse

    @Test(arguments: ["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"])
    func goodSelectorsReprintWithoutSpaces(_ text: String) throws {
        #expect(try Self.selector(text).description == text.replacingOccurrences(of: " ", with: ""))
    }

    @Test(arguments: ["x=a||y=b", "x==a==b", "!x=a", "x<a"])
    func badSelectorsAreRejected(_ text: String) {
        #expect(throws: SelectorError.self) { try LabelSelector(parsing: text) }
    }

    // MARK: TestDeterministicParse

    @Test func parseIsDeterministic() throws {
        #expect(try Self.selector("x=a,a=x").description == Self.selector("a=x,x=a").description)
        #expect(try Self.selector("x=a,a=x") == Self.selector("a=x,x=a"))
    }

    // MARK: TestEverything, TestSetIsEmpty, TestNilMapIsValid

    @Test func everythingAndNothing() throws {
        #expect(LabelSelector.everything.matches(["x": "y"]))
        #expect(LabelSelector.everything.isEmpty)
        #expect(try Self.selector("").isEmpty)
        #expect(LabelSelector(matching: [:]).isEmpty)
        #expect(!LabelSelector.nothing.matches(["x": "y"]))
        #expect(!LabelSelector.nothing.matches([:]))
        #expect(!LabelSelector.nothing.isEmpty)
        #expect(LabelSelector.nothing.description == "")
        #expect(LabelSelector.nothing.adding([try Self.requirement("a", .exists)]).matchesNothing)
    }

    // MARK: TestSelectorMatches

    @Test func selectorMatchesLabelSets() throws {
        let matches: [(String, [String: String])] = [
            ("", ["x": "y"]), ("x=y", ["x": "y"]), ("x=y,z=w", ["x": "y", "z": "w"]),
            ("x!=y,z!=w", ["x": "z", "z": "a"]),
            ("notin=in", ["notin": "in"]), ("x", ["x": "z"]), ("!x", ["y": "z"]), ("x>1", ["x": "2"]),
            ("x<1", ["x": "0"]),
            ("foo=bar", ["foo": "bar", "baz": "blah"]), ("baz=blah", ["foo": "bar", "baz": "blah"]),
            ("foo=bar,baz=blah", ["foo": "bar", "baz": "blah"]),
        ]
        for (text, labels) in matches {
            #expect(try Self.selector(text).matches(labels), "\(text) should match \(labels)")
        }
        let misses: [(String, [String: String])] = [
            ("x=z", [:]), ("x=y", ["x": "z"]), ("x=y,z=w", ["x": "w", "z": "w"]), ("x!=y,z!=w", ["x": "z", "z": "w"]),
            ("x", ["y": "z"]), ("!x", ["x": "z"]), ("x>1", ["x": "0"]), ("x<1", ["x": "2"]),
            ("foo=blah", ["foo": "bar", "baz": "blah"]), ("baz=bar", ["foo": "bar", "baz": "blah"]),
            ("foo=bar,foobar=bar,baz=blah", ["foo": "bar", "baz": "blah"]),
        ]
        for (text, labels) in misses {
            #expect(try !Self.selector(text).matches(labels), "\(text) should not match \(labels)")
        }
    }

    // MARK: TestSetMatches

    @Test func selectorFromSetMatchesSubsets() {
        let labels = ["foo": "bar", "baz": "blah"]
        for set in [[:], ["foo": "bar"], ["baz": "blah"], ["foo": "bar", "baz": "blah"]] {
            #expect(LabelSelector(matching: set).matches(labels))
        }
        #expect(!LabelSelector(matching: ["foo": "baz"]).matches(labels))
        #expect(LabelSelector(matching: ["b": "2", "a": "1"]).description == "a=1,b=2")
    }

    // MARK: TestRequirementConstructor

    @Test func requirementConstructorValidates() {
        let cases: [(String, LabelSelector.Operator, [String], Bool)] = [
            ("x", .in, [], false), ("x", .notIn, [], false), ("x", .in, ["foo"], true), ("x", .notIn, ["foo"], true),
            ("x", .exists, [], true), ("x", .doesNotExist, [], true), ("1foo", .in, ["bar"], true),
            ("1234", .in, ["bar"], true), ("y", .greaterThan, ["1"], true), ("z", .lessThan, ["6"], true),
            ("foo", .greaterThan, ["bar"], false), ("barz", .lessThan, ["blah"], false),
            (String(repeating: "a", count: 254), .exists, [], false),
        ]
        for (key, op, values, success) in cases {
            let built = try? Requirement(key: key, operator: op, values: values)
            #expect((built != nil) == success, "\(key) \(op) \(values)")
        }
    }

    @Test func requirementErrorsAreWordedAsKubernetes() {
        #expect(
            throws: SelectorError(
                "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
            )
        ) {
            try Requirement(key: "x", operator: .in, values: [])
        }
        #expect(
            throws: SelectorError(
                "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an integer"
            )
        ) {
            try Requirement(key: "foo", operator: .greaterThan, values: ["bar"])
        }
        #expect(
            throws: SelectorError(
                "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist"
            )
        ) {
            try Requirement(key: "x", operator: .exists, values: ["a"])
        }
        let valueError =
            "values[0][x]: Invalid value: \"a b\": a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        #expect(throws: SelectorError(valueError)) { try Requirement(key: "x", operator: .equals, values: ["a b"]) }
        #expect(
            throws: SelectorError(
                "[key: Invalid value: \"\": name part must be non-empty; name part must consist of alphanumeric "
                    + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                    + "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), values: Invalid value: []string(nil): for 'in', "
                    + "'notin' operators, values set can't be empty]"
            )
        ) {
            try Requirement(key: "", operator: .in, values: [])
        }
    }

    // MARK: TestToString

    @Test func requirementsPrintAsKubernetes() throws {
        let cases: [([Requirement], String)] = [
            (
                [
                    try Self.requirement("x", .in, ["abc", "def"]), try Self.requirement("y", .notIn, ["jkl"]),
                    try Self.requirement("z", .exists),
                ], "x in (abc,def),y notin (jkl),z"
            ),
            (
                [
                    try Self.requirement("x", .notIn, ["abc", "def"]), try Self.requirement("y", .notEquals, ["jkl"]),
                    try Self.requirement("z", .doesNotExist),
                ], "x notin (abc,def),y!=jkl,!z"
            ),
            (
                [
                    try Self.requirement("x", .notIn, ["abc"]), try Self.requirement("y", .in, ["jkl", "mno"]),
                    try Self.requirement("z", .notIn, [""]),
                ], "x notin (abc),y in (jkl,mno),z notin ()"
            ),
            (
                [
                    try Self.requirement("x", .equals, ["abc"]), try Self.requirement("y", .doubleEquals, ["jkl"]),
                    try Self.requirement("z", .notEquals, ["a"]), try Self.requirement("z", .exists),
                ], "x=abc,y==jkl,z!=a,z"
            ),
            (
                [
                    try Self.requirement("x", .greaterThan, ["2"]), try Self.requirement("y", .lessThan, ["8"]),
                    try Self.requirement("z", .exists),
                ], "x>2,y<8,z"
            ),
            ([try Self.requirement("x", .in, ["def", "abc"])], "x in (abc,def)"),
        ]
        for (requirements, expected) in cases {
            #expect(LabelSelector(requirements: requirements).description == expected)
        }
    }

    // MARK: TestRequirementSelectorMatching

    @Test func requirementsMatchAsKubernetes() throws {
        let cases: [([String: String], [Requirement], Bool)] = [
            (
                ["x": "foo", "y": "baz"],
                [try Self.requirement("x", .in, ["foo"]), try Self.requirement("y", .notIn, ["alpha"])], true
            ),
            (
                ["x": "foo", "y": "baz"],
                [try Self.requirement("x", .in, ["foo"]), try Self.requirement("y", .in, ["alpha"])], false
            ),
            (["y": ""], [try Self.requirement("x", .notIn, [""]), try Self.requirement("y", .exists)], true),
            (["y": ""], [try Self.requirement("x", .doesNotExist), try Self.requirement("y", .exists)], true),
            (["y": ""], [try Self.requirement("x", .notIn, [""]), try Self.requirement("y", .doesNotExist)], false),
            (["y": "baz"], [try Self.requirement("x", .in, [""])], false),
            (["z": "2"], [try Self.requirement("z", .greaterThan, ["1"])], true),
            (["z": "v2"], [try Self.requirement("z", .greaterThan, ["1"])], false),
        ]
        for (labels, requirements, expected) in cases {
            #expect(
                LabelSelector(requirements: requirements).matches(labels) == expected,
                "\(requirements) on \(labels)"
            )
        }
    }

    // MARK: TestSetSelectorParser

    @Test func setSelectorParserMatchesKubernetes() throws {
        let valid: [(String, [Requirement])] = [
            ("", []),
            ("\rx", [try Self.requirement("x", .exists)]),
            (
                "this-is-a-dns.domain.com/key-with-dash",
                [try Self.requirement("this-is-a-dns.domain.com/key-with-dash", .exists)]
            ),
            (
                "this-is-another-dns.domain.com/key-with-dash in (so,what)",
                [try Self.requirement("this-is-another-dns.domain.com/key-with-dash", .in, ["so", "what"])]
            ),
            (
                "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
                [try Self.requirement("0.1.2.domain/99", .notIn, ["10.10.100.1", "tick.tack.clock"])]
            ),
            ("foo  in\t (abc)", [try Self.requirement("foo", .in, ["abc"])]),
            ("x notin\n (abc)", [try Self.requirement("x", .notIn, ["abc"])]),
            ("x  notin\t\t\t(abc,def)", [try Self.requirement("x", .notIn, ["abc", "def"])]),
            ("x in (abc,def)", [try Self.requirement("x", .in, ["abc", "def"])]),
            ("x in (abc,)", [try Self.requirement("x", .in, ["", "abc"])]),
            ("x in ()", [try Self.requirement("x", .in, [""])]),
            (
                "x notin (abc,def),bar,z in (),w",
                [
                    try Self.requirement("bar", .exists), try Self.requirement("w", .exists),
                    try Self.requirement("x", .notIn, ["abc", "def"]), try Self.requirement("z", .in, [""]),
                ]
            ),
            ("x=a", [try Self.requirement("x", .equals, ["a"])]),
            ("x>1", [try Self.requirement("x", .greaterThan, ["1"])]),
            ("x<7", [try Self.requirement("x", .lessThan, ["7"])]),
            ("x=a,y!=b", [try Self.requirement("x", .equals, ["a"]), try Self.requirement("y", .notEquals, ["b"])]),
            (
                "x=a,y!=b,z in (h,i,j)",
                [
                    try Self.requirement("x", .equals, ["a"]), try Self.requirement("y", .notEquals, ["b"]),
                    try Self.requirement("z", .in, ["h", "i", "j"]),
                ]
            ),
            ("x notin ( )", [try Self.requirement("x", .notIn, [""])]),
            ("x notin (, a)", [try Self.requirement("x", .notIn, ["", "a"])]),
            ("a ", [try Self.requirement("a", .exists)]),
            ("a in (x,y,notin, z,in)", [try Self.requirement("a", .in, ["in", "notin", "x", "y", "z"])]),
            ("x,y in (a)", [try Self.requirement("x", .exists), try Self.requirement("y", .in, ["a"])]),
        ]
        for (text, expected) in valid {
            #expect(try Self.selector(text).requirements == expected, "\(text)")
        }
        // Upstream's row is "x,,y"; "x,y" (two existence requirements) is valid, as the rows above show.
        for text in [
            "x=a||y=b", "x,,y", ",x,y", "x nott in (y)", "a in (xyz),", "a in (xyz)b notin ()", "a in (xyz abc)",
            "a notin(", "a (", "(",
        ] {
            #expect(throws: SelectorError.self, "\(text)") { try LabelSelector(parsing: text) }
        }
    }

    /// The parser's messages, word for word (they reach users through `kubectl get -l` and `skiffctl`).
    @Test(arguments: [
        (
            "x=a||y=b",
            "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty "
                + "string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        ),
        ("x,,y", "found ',', expected: identifier after ','"),
        (",x,y", "found ',', expected: !, identifier, or 'end of string'"),
        ("x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"),
        ("a in (xyz),", "found '', expected: identifier after ','"),
        ("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"),
        ("a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
        ("a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"),
        ("(", "found '(', expected: !, identifier, or 'end of string'"),
        ("x in y", "unable to parse requirement: found 'y' expected: '('"),
        ("x==a==b", "found '==', expected: ',' or 'end of string'"),
        ("!x=a", "found '=', expected: ',' or 'end of string'"),
        ("x=(", "unable to parse requirement: found '(', expected: identifier"),
        (
            "x<a",
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value "
                + "must be an integer"
        ),
        (
            "-a",
            "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of alphanumeric "
                + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  "
                + "or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        ),
    ])
    func parseErrorsAreWordedAsKubernetes(_ text: String, _ message: String) {
        #expect(throws: SelectorError(message)) { try LabelSelector(parsing: text) }
    }

    // MARK: TestAdd

    @Test func addingKeepsRequirementsSortedByKey() throws {
        let base = LabelSelector(requirements: [try Self.requirement("key", .in, ["value"])])
        let added = base.adding([try Self.requirement("key2", .equals, ["value2"])])
        #expect(
            added.requirements == [
                try Self.requirement("key", .in, ["value"]), try Self.requirement("key2", .equals, ["value2"]),
            ]
        )
        let before = base.adding([try Self.requirement("a", .exists)])
        #expect(before.description == "a,key in (value)")
    }

    @Test func exactMatchValueServesIndexes() throws {
        let selector = try Self.selector("app=web,tier in (db),env in (a,b),zone!=x")
        #expect(selector.exactMatchValue(for: "app") == "web")
        #expect(selector.exactMatchValue(for: "tier") == "db")
        #expect(selector.exactMatchValue(for: "env") == nil)
        #expect(selector.exactMatchValue(for: "zone") == nil)
        #expect(selector.exactMatchValue(for: "missing") == nil)
        let app = try #require(selector.requirements.first)
        #expect(app.key == "app")
        #expect(app.operator == .equals)
        #expect(app.values == ["web"])
    }

    // MARK: TestLabelSelectorAsSelector (metav1)

    @Test func structuredSelectorConvertsAsLabelSelectorAsSelector() throws {
        let matchLabels = ["foo": "bar"]
        let expressions = [LabelSelectorSpec.Requirement(key: "baz", operator: .in, values: ["qux", "norf"])]
        #expect(try LabelSelector(nil as LabelSelectorSpec?) == .nothing)
        #expect(try LabelSelector(LabelSelectorSpec()) == .everything)
        #expect(try LabelSelector(LabelSelectorSpec(matchLabels: matchLabels)).description == "foo=bar")
        #expect(try LabelSelector(LabelSelectorSpec(matchExpressions: expressions)).description == "baz in (norf,qux)")
        let both = try LabelSelector(LabelSelectorSpec(matchLabels: matchLabels, matchExpressions: expressions))
        #expect(both.description == "baz in (norf,qux),foo=bar")
        #expect(both.matches(["foo": "bar", "baz": "norf"]))
        #expect(!both.matches(["foo": "bar", "baz": "other"]))
        #expect(throws: SelectorError.self) {
            try LabelSelector(
                LabelSelectorSpec(matchExpressions: [.init(key: "baz", operator: .exists, values: ["qux", "norf"])])
            )
        }
        #expect(throws: SelectorError("\"Foo\" is not a valid label selector operator")) {
            try LabelSelector(LabelSelectorSpec(matchExpressions: [.init(key: "baz", operator: "Foo")]))
        }
        let notIn = try LabelSelector(
            LabelSelectorSpec(matchExpressions: [
                .init(key: "gpu", operator: .notIn, values: ["none"]), .init(key: "spot", operator: .doesNotExist),
            ])
        )
        #expect(notIn.matches([:]))
        #expect(!notIn.matches(["spot": "true"]))
    }

    @Test func structuredSelectorDecodesFromJSON() throws {
        let json =
            #"{"matchLabels":{"app":"web"},"matchExpressions":["#
            + #"{"key":"tier","operator":"In","values":["a","b"]},{"key":"x","operator":"Exists"}]}"#
        let spec = try JSONDecoder().decode(LabelSelectorSpec.self, from: Data(json.utf8))
        #expect(spec.matchLabels == ["app": "web"])
        #expect(spec.matchExpressions.count == 2)
        #expect(spec.matchExpressions[1].values.isEmpty)
        #expect(try LabelSelector(spec).description == "app=web,tier in (a,b),x")
        let roundTrip = try JSONDecoder().decode(LabelSelectorSpec.self, from: JSONEncoder().encode(spec))
        #expect(roundTrip == spec)
    }
}
