import SkiffAPI
import Testing

/// Cases ported from Kubernetes' `staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go`; each
/// test names the Go test its tables come from.
struct NameValidationTests {
    static func repeated(_ text: String, _ count: Int) -> String {
        String(repeating: text, count: count)
    }

    // MARK: TestIsDNS1123Label

    @Test(arguments: [
        "a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", repeated("a", 63),
    ])
    func dns1123LabelAccepts(_ value: String) {
        #expect(NameValidation.isDNS1123Label(value).isEmpty)
    }

    @Test(arguments: [
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1",
        "1_2",
        ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", repeated("a", 64),
    ])
    func dns1123LabelRejects(_ value: String) {
        #expect(!NameValidation.isDNS1123Label(value).isEmpty)
    }

    @Test func dns1123LabelMessagesAreKubernetes() {
        #expect(
            NameValidation.isDNS1123Label("My_Name") == [
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
                    + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            ]
        )
        #expect(NameValidation.isDNS1123Label("a.b") == ["must not contain dots"])
        #expect(NameValidation.isDNS1123Label(Self.repeated("a", 64)) == ["must be no more than 63 characters"])
    }

    // MARK: TestIsDNS1123Subdomain

    @Test(arguments: [
        "a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a.a", "ab.a",
        "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1", "0.a",
        "01.a", "012.a", "1a.a", "1-a.a", "1--a--b--2", "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1",
        "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55", repeated("a", 253),
    ])
    func dns1123SubdomainAccepts(_ value: String) {
        #expect(NameValidation.isDNS1123Subdomain(value).isEmpty)
    }

    @Test(arguments: [
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1",
        "1_2",
        ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "A.a", "aB.a", "ab.A",
        "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A", "012.A", "1A.a", "1a.A", "A.B.C.D.E",
        "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b", "a,b", "a_b", "a;b", "a:b", "a%b", "a?b", "a$b",
        repeated("a", 254),
    ])
    func dns1123SubdomainRejects(_ value: String) {
        #expect(!NameValidation.isDNS1123Subdomain(value).isEmpty)
    }

    @Test func dns1123SubdomainMessagesAreKubernetes() {
        #expect(
            NameValidation.isDNS1123Subdomain("Example.com") == [
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
                    + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ]
        )
        #expect(NameValidation.isDNS1123Subdomain(Self.repeated("a", 254)) == ["must be no more than 253 characters"])
        #expect(NameValidation.isDNS1123Subdomain(Self.repeated("A", 254)).count == 2)
    }

    // MARK: TestIsDNS1035Label

    @Test(arguments: ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", repeated("a", 63)])
    func dns1035LabelAccepts(_ value: String) {
        #expect(NameValidation.isDNS1035Label(value).isEmpty)
    }

    @Test(arguments: [
        "0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-",
        "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a",
        "a b", "1 ", " 1", "1 2", repeated("a", 64),
    ])
    func dns1035LabelRejects(_ value: String) {
        #expect(!NameValidation.isDNS1035Label(value).isEmpty)
    }

    // MARK: TestIsQualifiedName

    @Test(arguments: [
        "simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple", "now-with-dashes/simple",
        "now-with-dashes/now-with-dashes", "now.with.dots/simple", "now-with.dashes-and.dots/simple",
        "1-num.2-num/3-num",
        "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo",
        repeated("a", 63), repeated("a", 253) + "/" + repeated("b", 63),
    ])
    func qualifiedNameAccepts(_ value: String) {
        #expect(NameValidation.isQualifiedName(value).isEmpty)
    }

    @Test(arguments: [
        "nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash", "Example.com/abc",
        "example_com/abc", "example.com/", "/simple", repeated("a", 64), repeated("a", 254) + "/abc",
    ])
    func qualifiedNameRejects(_ value: String) {
        #expect(!NameValidation.isQualifiedName(value).isEmpty)
    }

    @Test func qualifiedNameMessagesAreKubernetes() {
        let namePattern =
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        #expect(NameValidation.isQualifiedName("-bad") == ["name part " + namePattern])
        #expect(
            NameValidation.isQualifiedName("example.com/") == [
                "name part must be non-empty", "name part " + namePattern,
            ]
        )
        #expect(NameValidation.isQualifiedName("/simple") == ["prefix part must be non-empty"])
        #expect(
            NameValidation.isQualifiedName("a/b/c") == [
                "a qualified name " + namePattern
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        )
        #expect(
            NameValidation.isQualifiedName(Self.repeated("a", 64)) == ["name part must be no more than 63 characters"]
        )
        let prefixErrors = NameValidation.isQualifiedName("Example.com/abc")
        #expect(prefixErrors.count == 1)
        #expect(prefixErrors.first?.hasPrefix("prefix part a lowercase RFC 1123 subdomain") == true)
    }

    // MARK: TestIsValidLabelValue

    @Test(arguments: [
        "simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", repeated("a", 63), "",
    ])
    func labelValueAccepts(_ value: String) {
        #expect(NameValidation.isValidLabelValue(value).isEmpty)
    }

    @Test(arguments: [
        "nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\are\\bad", "-starts-with-dash",
        "ends-with-dash-", ".starts.with.dot", "ends.with.dot.", repeated("a", 64),
    ])
    func labelValueRejects(_ value: String) {
        #expect(!NameValidation.isValidLabelValue(value).isEmpty)
    }

    @Test func labelValueMessagesAreKubernetes() {
        #expect(
            NameValidation.isValidLabelValue("-x") == [
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
                    + "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                    + "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
            ]
        )
        #expect(NameValidation.isValidLabelValue(Self.repeated("a", 64)) == ["must be no more than 63 characters"])
    }

    // MARK: TestIsEnvVarName (its good and bad tables)

    @Test(arguments: ["-", ":", "_", "+a", ">a", "<a", "a.", "a..", "*a", "%a", "?a", "=", "1a"])
    func envVarNameRejectsOrAccepts(_ value: String) {
        let allowed: Set<String> = ["-", "_", "a.", "a.."]
        #expect(NameValidation.isEnvVarName(value).isEmpty == allowed.contains(value))
    }

    @Test func envVarNameRejectsDotPrefixes() {
        #expect(NameValidation.isEnvVarName("my.env-name").isEmpty)
        #expect(NameValidation.isEnvVarName("MY_ENV.NAME").isEmpty)
        #expect(NameValidation.isEnvVarName(".") == ["must not be '.'"])
        #expect(NameValidation.isEnvVarName("..") == ["must not be '..'"])
        #expect(NameValidation.isEnvVarName("..a") == ["must not start with '..'"])
    }
}
