import SkiffAPI
import Testing

struct JSONMergePatchTests {
    /// RFC 7386 appendix A: original, patch, result.
    static let appendixA: [(String, String, String)] = [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ]

    @Test(arguments: appendixA.indices)
    func appendixAExample(_ index: Int) {
        let (original, patch, result) = Self.appendixA[index]
        #expect(JSONMergePatch.apply(json(patch), to: json(original)) == json(result))
    }

    @Test func keepsKeyOrderAndAppendsNewKeys() {
        let result = JSONMergePatch.apply(
            json(#"{"metadata":{"labels":{"size":"large","tier":null,"new":"x"}}}"#),
            to: json(#"{"apiVersion":"v1","metadata":{"name":"a","labels":{"tier":"1","size":"small"}}}"#))
        #expect(result.serialized() == #"{"apiVersion":"v1","metadata":{"name":"a","labels":{"size":"large","new":"x"}}}"#)
    }

    @Test func kubectlLabelPatch() {
        let result = JSONMergePatch.apply(json(#"{"metadata":{"labels":{"x":"y"}}}"#),
                                          to: json(#"{"kind":"Node","metadata":{"name":"n"}}"#))
        #expect(result == json(#"{"kind":"Node","metadata":{"name":"n","labels":{"x":"y"}}}"#))
    }
}
