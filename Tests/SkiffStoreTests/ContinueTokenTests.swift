import Testing

@testable import SkiffStore

struct ContinueTokenTests {
    @Test func encodesAsKubernetesDoes() throws {
        let key = ObjectKey(GroupKind(group: "", kind: "Pod"), namespace: "prod", name: "web-1")
        let token = ContinueToken(resourceVersion: 42, after: key, allNamespaces: true)
        let json = try #require(Base64URL.decode(token.encoded))
        #expect(String(decoding: json, as: UTF8.self) == #"{"v":"meta.k8s.io/v1","rv":42,"start":"prod/web-1\u0000"}"#)
        #expect(!token.encoded.contains("="))
        let single = ContinueToken(resourceVersion: 42, after: key, allNamespaces: false)
        #expect(single.start == "web-1\u{0}")
    }

    @Test func roundTripsAndLocatesThePosition() throws {
        let token = ContinueToken(resourceVersion: 7, start: "ns/name\u{0}")
        let decoded = try ContinueToken.decode(token.encoded)
        #expect(decoded == token)
        #expect(
            try decoded.position(allNamespaces: true) == ListPosition(namespace: "ns", name: "name", inclusive: false)
        )
        let inclusive = try ContinueToken.decode(ContinueToken(resourceVersion: 7, start: "name").encoded)
        #expect(
            try inclusive.position(allNamespaces: false) == ListPosition(namespace: nil, name: "name", inclusive: true)
        )
        #expect(throws: StoreError.self) { try decoded.position(allNamespaces: false) }
    }

    @Test func rejectsMalformedTokens() {
        let bad = [
            "!!!",
            Base64URL.encode(Array(#"{"v":"meta.k8s.io/v2","rv":1,"start":"a"}"#.utf8)),
            Base64URL.encode(Array(#"{"v":"meta.k8s.io/v1","rv":1,"start":""}"#.utf8)),
            Base64URL.encode(Array(#"{"v":"meta.k8s.io/v1","rv":1,"start":"../x"}"#.utf8)),
            Base64URL.encode(Array(#"{"v":"meta.k8s.io/v1","rv":1"#.utf8)),
        ]
        for text in bad {
            #expect(throws: StoreError.self) { try ContinueToken.decode(text) }
        }
    }

    @Test func base64URLRoundTripsEveryLength() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.encode(Array("hi?>".utf8)) == "aGk_Pg")
    }
}
