import SkiffAPI
import Testing

/// Cases ported from Kubernetes' `staging/src/k8s.io/apimachinery/pkg/fields/selector_test.go`; each test names
/// the Go test it comes from.
struct FieldSelectorTests {
    static func selector(_ text: String) throws -> FieldSelector {
        try FieldSelector(parsing: text)
    }

    // MARK: TestSelectorParse

    @Test(arguments: ["x=a,y=b,z=c", "", "x!=a,y=b", #"x=a||y\=b"#, #"x=a\=\=b"#])
    func goodSelectorsReprint(_ text: String) throws {
        #expect(try Self.selector(text).description == text)
    }

    @Test(arguments: ["x=a||y=b", "x==a==b", "x=a,b", "x in (a)", "x in (a,b,c)", "x"])
    func badSelectorsAreRejected(_ text: String) {
        #expect(throws: SelectorError.self) { try FieldSelector(parsing: text) }
    }

    @Test func errorsAreWordedAsKubernetes() {
        #expect(throws: SelectorError("invalid selector: 'x=a,b'; can't understand 'b'")) {
            try FieldSelector(parsing: "x=a,b")
        }
        #expect(throws: SelectorError("invalid field selector: unescaped character in value: 61")) {
            try FieldSelector(parsing: "x==a==b")
        }
        #expect(throws: SelectorError("invalid field selector: unescaped character in value: 61")) {
            try FieldSelector(parsing: "x=a||y=b")
        }
        #expect(throws: SelectorError(#"invalid field selector: invalid escape sequence: \a"#)) {
            try FieldSelector(parsing: #"x=\a"#)
        }
        #expect(throws: SelectorError(#"invalid field selector: invalid escape sequence: \"#)) {
            try FieldSelector(parsing: #"x=\"#)
        }
    }

    // MARK: TestSplitTerms, TestSplitTerm (observed through parsing)

    @Test func escapedCommasStayInValues() throws {
        let selector = try Self.selector(#"k=\,,k2=v2"#)
        // Terms sort by their text, as in Go: "k2=v2" before "k=...".
        #expect(selector.requirements.map(\.value) == ["v2", ","])
        #expect(try Self.selector(#"k=\\,k2=v2"#).requirements.map(\.value) == ["v2", #"\"#])
        #expect(try Self.selector(#"k=\\\,,k2=v2"#).requirements.map(\.value) == ["v2", #"\,"#])
        #expect(try Self.selector("함=수,목=록").requirements.map(\.field) == ["목", "함"])
        #expect(try Self.selector("a=a,").requirements.count == 1)
        #expect(try Self.selector(",a=a").requirements.count == 1)
        let operators = try Self.selector("a=value,b==value,c!=value").requirements.map(\.operator)
        #expect(operators == [.equals, .equals, .notEquals])
        #expect(try Self.selector("b==value").description == "b=value")
    }

    // MARK: TestEscapeValue

    @Test func escapeAndUnescapeRoundTrip() throws {
        let cases = ["": "", "a": "a", "=": #"\="#, ",": #"\,"#, #"\"#: #"\\"#, #"\=\,\"#: #"\\\=\\\,\\"#]
        for (plain, escaped) in cases {
            #expect(FieldSelector.escapeValue(plain) == escaped)
            #expect(try FieldSelector.unescapeValue(escaped) == plain)
        }
        for invalid in [#"\"#, #"\\\"#, #"\a"#] {
            #expect(throws: SelectorError.self) { try FieldSelector.unescapeValue(invalid) }
        }
    }

    // MARK: TestDeterministicParse

    @Test func parseIsDeterministic() throws {
        #expect(try Self.selector("x=a,a=x").description == Self.selector("a=x,x=a").description)
        #expect(try Self.selector("x=a,a=x").description == "a=x,x=a")
    }

    // MARK: TestEverything, TestSetIsEmpty

    @Test func everythingMatchesAndIsEmpty() {
        #expect(FieldSelector.everything.matches(["x": "y"]))
        #expect(FieldSelector.everything.isEmpty)
        #expect(FieldSelector(matching: [:]).isEmpty)
        #expect(!FieldSelector(matching: ["a": "b"]).isEmpty)
    }

    // MARK: TestSelectorMatches

    @Test func selectorMatchesFieldSets() throws {
        let matches: [(String, [String: String])] = [
            ("", ["x": "y"]), ("x=y", ["x": "y"]), ("x=y,z=w", ["x": "y", "z": "w"]),
            ("x!=y,z!=w", ["x": "z", "z": "a"]), ("notin=in", ["notin": "in"]),
        ]
        for (text, fields) in matches {
            #expect(try Self.selector(text).matches(fields), "\(text)")
        }
        let misses: [(String, [String: String])] = [
            ("x=y", ["x": "z"]), ("x=y,z=w", ["x": "w", "z": "w"]), ("x!=y,z!=w", ["x": "z", "z": "w"]),
        ]
        for (text, fields) in misses {
            #expect(try !Self.selector(text).matches(fields), "\(text)")
        }
        let fieldSet = ["foo": "bar", "baz": "blah", "complex": #"=value\,\"#]
        for text in ["foo=bar", "baz=blah", "foo=bar,baz=blah", #"foo=bar,baz=blah,complex=\=value\\\,\\"#] {
            #expect(try Self.selector(text).matches(fieldSet), "\(text)")
        }
        for text in ["foo=blah", "baz=bar", "foo=bar,foobar=bar,baz=blah"] {
            #expect(try !Self.selector(text).matches(fieldSet), "\(text)")
        }
    }

    @Test func unknownFieldsReadAsEmpty() throws {
        let lookup: (String) -> String? = { $0 == "spec.nodeName" ? "node-1" : nil }
        #expect(try Self.selector("spec.nodeName=node-1").matches(lookup))
        #expect(try Self.selector("status.phase=").matches(lookup))
        #expect(try Self.selector("status.phase!=Running").matches(lookup))
        #expect(try !Self.selector("spec.nodeName!=node-1").matches(lookup))
    }

    // MARK: TestSetMatches, TestOneTermEqualSelector

    @Test func selectorFromSetMatches() {
        let fields = ["foo": "bar", "baz": "blah"]
        for set in [[:], ["foo": "bar"], ["baz": "blah"], ["foo": "bar", "baz": "blah"]] {
            #expect(FieldSelector(matching: set).matches(fields))
        }
        for set in [["foo": "=blah"], ["baz": "=bar"], ["foo": "=bar", "foobar": "bar", "baz": "blah"]] {
            #expect(!FieldSelector(matching: set).matches(fields))
        }
        #expect(FieldSelector(matching: ["x": "y"]).matches(["x": "y"]))
        #expect(!FieldSelector(matching: ["x": "y"]).matches(["x": "z"]))
        #expect(FieldSelector(matching: ["b": "2", "a": "="]).description == #"a=\=,b=2"#)
    }

    // MARK: TestRequiresExactMatch

    @Test func exactMatchValueServesIndexes() throws {
        #expect(FieldSelector.everything.exactMatchValue(for: "test") == nil)
        #expect(FieldSelector(matching: ["a": "b"]).exactMatchValue(for: "test") == nil)
        #expect(FieldSelector(matching: ["test": "b"]).exactMatchValue(for: "test") == "b")
        #expect(FieldSelector(matching: ["test": ""]).exactMatchValue(for: "test") == "")
        #expect(try Self.selector("test!=b").exactMatchValue(for: "test") == nil)
        #expect(try Self.selector("a=,test=b").exactMatchValue(for: "test") == "b")
        let requirement = try #require(try Self.selector("spec.nodeName==n1").requirements.first)
        #expect(requirement.field == "spec.nodeName")
        #expect(requirement.operator == .equals)
        #expect(requirement.value == "n1")
    }
}
