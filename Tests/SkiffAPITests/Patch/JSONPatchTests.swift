import SkiffAPI
import Testing

struct JSONPatchTests {
    /// RFC 6902 appendix A examples that succeed: document, patch, result.
    static let examples: [(String, String, String)] = [
        // A.1 adding an object member
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"foo":"bar","baz":"qux"}"#),
        // A.2 adding an array element
        (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#,
         #"{"foo":["bar","qux","baz"]}"#),
        // A.3 removing an object member
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
        // A.4 removing an array element
        (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
        // A.5 replacing a value
        (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#,
         #"{"baz":"boo","foo":"bar"}"#),
        // A.6 moving a value
        (#"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
         #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
         #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
        // A.7 moving an array element
        (#"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#,
         #"{"foo":["all","cows","eat","grass"]}"#),
        // A.8 testing a value: success
        (#"{"baz":"qux","foo":["a",2,"c"]}"#,
         #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
         #"{"baz":"qux","foo":["a",2,"c"]}"#),
        // A.10 adding a nested member object
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
         #"{"foo":"bar","child":{"grandchild":{}}}"#),
        // A.11 ignoring unrecognized elements
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#,
         #"{"foo":"bar","baz":"qux"}"#),
        // A.14 ~ escape ordering
        (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
        // A.16 adding an array value
        (#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#,
         #"{"foo":["bar",["abc","def"]]}"#),
        // copy, and add replacing an existing member
        (#"{"a":{"b":1}}"#, #"[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/a/b","value":2}]"#,
         #"{"a":{"b":2},"c":{"b":1}}"#),
        // the whole document
        (#"{"a":1}"#, #"[{"op":"replace","path":"","value":{"b":2}}]"#, #"{"b":2}"#),
        // ~1 in a path
        (#"{"metadata":{"labels":{"skiff.dev/pool":"a"}}}"#,
         #"[{"op":"remove","path":"/metadata/labels/skiff.dev~1pool"}]"#, #"{"metadata":{"labels":{}}}"#),
    ]

    @Test(arguments: examples.indices)
    func rfcExample(_ index: Int) throws {
        let (document, patch, result) = Self.examples[index]
        #expect(try JSONPatch.apply(json(patch), to: json(document)) == json(result))
    }

    /// Failures: the whole patch fails with a message naming the operation and path.
    static let failures: [(String, String, String)] = [
        // A.9 testing a value: error
        (#"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#, "test operation for path \"/baz\""),
        // A.12 adding to a nonexistent target
        (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#, "add operation does not apply"),
        // A.15 comparing strings and numbers
        (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#, "test operation for path \"/~01\""),
        (#"{"a":[1]}"#, #"[{"op":"remove","path":"/a/1"}]"#, "remove operation does not apply"),
        (#"{"a":1}"#, #"[{"op":"replace","path":"/b","value":2}]"#, "replace operation does not apply"),
        (#"{"a":[1]}"#, #"[{"op":"add","path":"/a/5","value":2}]"#, "out of bounds"),
        (#"{"a":{"b":1}}"#, #"[{"op":"move","from":"/a","path":"/a/c"}]"#, "move operation"),
        (#"{"a":1}"#, #"[{"op":"frobnicate","path":"/a"}]"#, "unknown json patch operation"),
        (#"{"a":1}"#, #"{"op":"add","path":"/a","value":1}"#, "must be an array"),
        (#"{"a":1}"#, #"[{"op":"add","path":"a","value":1}]"#, "invalid \"path\""),
        (#"{"a":1}"#, #"[{"op":"add","path":"/b"}]"#, "has no \"value\""),
    ]

    @Test(arguments: failures.indices)
    func failure(_ index: Int) {
        let (document, patch, message) = Self.failures[index]
        do {
            _ = try JSONPatch.apply(json(patch), to: json(document))
            Issue.record("patch \(patch) should fail")
        } catch {
            guard case .invalid(let text) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test func failedTestLeavesNothingApplied() {
        let document = json(#"{"a":1}"#)
        #expect(throws: PatchError.self) {
            try JSONPatch.apply(json(#"[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":3}]"#),
                                to: document)
        }
    }
}

extension JSONPatchTests {
    @Test func tooManyOperationsAreRefused() {
        let operations = JSONValue.array(Array(repeating: json(#"{"op":"test","path":"","value":{}}"#),
                                               count: JSONPatch.maxOperations + 1))
        #expect(throws: PatchError.invalid("The allowed maximum operations in a JSON patch is 10000, got 10001")) {
            try JSONPatch.apply(operations, to: json("{}"))
        }
    }
}
