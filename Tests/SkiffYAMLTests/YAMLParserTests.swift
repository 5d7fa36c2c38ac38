import SkiffYAML
import Testing

struct YAMLParserTests {
    @Test func parsesNestedMappingWithMarks() throws {
        let docs = try YAMLParser().parse("a: 1\nb:\n  c: [x, 'y']\n", file: "t.yaml")
        #expect(docs.count == 1)
        let pairs = try #require(docs[0].root?.pairs)
        #expect(pairs.count == 2)
        #expect(pairs[1].key.mark == Mark(line: 2, column: 1))
        #expect(pairs[1].value.mark == Mark(line: 3, column: 3))
        #expect(pairs[1].value["c"]?.items?[1].scalar == YAMLScalar("y", style: .singleQuoted))
        #expect(pairs[1].value["c"]?.items?[1].mark == Mark(line: 3, column: 10))
    }

    @Test func inputWithoutDocumentsHasNone() throws {
        #expect(try YAMLParser().parse("").isEmpty)
        #expect(try YAMLParser().parse(bytes: []).isEmpty)
        #expect(try YAMLParser().parse("  \n\n").isEmpty)
        #expect(try YAMLParser().parse("# only\n# comments\n").isEmpty)
    }

    /// An explicit document with no content has a nil root; an explicit null is a null scalar.
    @Test func explicitEmptyDocumentsHaveNoRoot() throws {
        let alone = try YAMLParser().parse("---\n")
        #expect(alone == [YAMLDocument(root: nil, mark: Mark(line: 1, column: 1))])
        #expect(try YAMLParser().parse("--- # note\n").map(\.root) == [nil])
        let twoEmpty = try YAMLParser().parse("---\n---\n")
        #expect(twoEmpty.map(\.mark) == [Mark(line: 1, column: 1), Mark(line: 2, column: 1)])
        #expect(try YAMLParser().parse("---\n---\n").map(\.root) == [nil, nil])
        #expect(try YAMLParser().parse("--- ~\n").first?.root?.scalar?.kind == .null)
        #expect(try YAMLParser().parse("--- ''\n").first?.root?.scalar == YAMLScalar("", style: .singleQuoted))
        let trailing = try YAMLParser().parse("a: 1\n---\n")
        #expect(trailing.count == 2)
        #expect(trailing[1].root == nil)
        #expect(try YAMLParser().parse("a: 1\n...\n").count == 1)
    }

    @Test func documentsCarryTheirStartMarks() throws {
        let docs = try YAMLParser().parse("# header\na: 1\n---\nb: 2\n--- c\n")
        #expect(docs.map(\.mark) == [Mark(line: 2, column: 1), Mark(line: 3, column: 1), Mark(line: 5, column: 1)])
        #expect(docs.compactMap { $0.root?.removingMarks() } == [
            .mapping([("a", .int(1))]), .mapping([("b", .int(2))]), .string("c"),
        ])
    }

    @Test func mergeKeysApplyWithOwnKeysWinning() throws {
        let source = """
            base: &base
              cpu: "1"
              memory: 1Gi
            extra: &extra
              memory: 2Gi
              gpu: 1
            single:
              <<: *base
              cpu: "2"
            list:
              name: x
              <<: [*extra, *base]
              gpu: 4
            inline:
              <<: {a: 1}
              b: 2
            quoted:
              "<<": not a merge
            """
        let root = try #require(try YAMLParser().parse(source).first?.root).removingMarks()
        #expect(root["single"] == .mapping([("memory", .string("1Gi")), ("cpu", .string("2"))]))
        #expect(
            root["list"] == .mapping([
                ("name", .string("x")), ("memory", .string("2Gi")), ("cpu", .string("1")), ("gpu", .int(4)),
            ])
        )
        #expect(root["inline"] == .mapping([("a", .int(1)), ("b", .int(2))]))
        #expect(root["quoted"]?.pairs?.first?.key.scalar == YAMLScalar("<<", style: .doubleQuoted))
    }

    @Test func mergedPairsKeepTheirSourcePositions() throws {
        let root = try #require(try YAMLParser().parse("base: &b\n  x: 1\nuse:\n  <<: *b\n").first?.root)
        #expect(root["use"]?["x"]?.mark == Mark(line: 2, column: 6))
    }

    @Test func aliasesExpandToTheAnchoredContentAtTheirOwnMark() throws {
        let root = try #require(try YAMLParser().parse("a: &x {k: [1, 2]}\nb: *x\n").first?.root)
        #expect(root["b"]?.removingMarks() == root["a"]?.removingMarks())
        #expect(root["b"]?.mark == Mark(line: 2, column: 4))
        // libyaml starts a node at its properties: the anchor, not the brace.
        #expect(root["a"]?.mark == Mark(line: 1, column: 4))
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        let root = try #require(try YAMLParser().parse("a: {x: 1}\nb: {x: 2}\nc:\n- x: 3\n- x: 4\n").first?.root)
        #expect(root["b"]?["x"]?.scalar?.kind == .int(2))
        #expect(root["c"]?.items?.count == 2)
    }

    @Test func complexKeysAreKept() throws {
        let root = try #require(try YAMLParser().parse("? [a, b]\n: 1\n").first?.root)
        #expect(root.pairs?.first?.key.items?.count == 2)
        #expect(root["a"] == nil)
    }

    @Test func marksFollowCRLFAndSkipTheByteOrderMark() throws {
        let crlf = try #require(try YAMLParser().parse("a: 1\r\nb:\r\n  c: 2\r\n").first?.root)
        #expect(crlf["b"]?["c"]?.mark == Mark(line: 3, column: 6))
        let withBOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: é\nb: 2\n".utf8)
        let bom = try #require(try YAMLParser().parse(bytes: withBOM).first?.root)
        #expect(bom["a"]?.scalar?.value == "é")
        #expect(bom["b"]?.mark == Mark(line: 2, column: 4))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try #require(try YAMLParser().parse("ключ: значение\nk: v\nü: {x: 1}\n").first?.root)
        #expect(root["ключ"]?.mark == Mark(line: 1, column: 7))
        #expect(root["ü"]?["x"]?.mark == Mark(line: 3, column: 8))
    }

    @Test func parsesRawBuffersInPlace() throws {
        let bytes = Array("kind: Pod\n".utf8)
        let docs = try bytes.withUnsafeBytes { buffer in try YAMLParser().parse(bytes: buffer, file: "raw.yaml") }
        #expect(docs.first?.root?["kind"]?.scalar?.value == "Pod")
    }

    @Test func acceptsInputUpToTheSizeLimit() throws {
        let text = "name: abcdef\n"
        let docs = try YAMLParser(limits: YAMLLimits(maxBytes: text.utf8.count)).parse(text)
        #expect(docs.count == 1)
    }

    @Test func acceptsNestingUpToTheDepthLimit() throws {
        let docs = try YAMLParser(limits: YAMLLimits(maxDepth: 3)).parse("a:\n  b:\n    c: 1\n")
        #expect(docs.first?.root?["a"]?["b"]?["c"]?.scalar?.kind == .int(1))
    }

    @Test func aliasesWithinTheExpansionCapAreFine() throws {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
        let docs = try YAMLParser(limits: YAMLLimits(maxAliasExpansion: 8)).parse(text)
        #expect(docs.first?.root?["b"]?.items?.count == 2)
        #expect(throws: YAMLError.self) { try YAMLParser(limits: YAMLLimits(maxAliasExpansion: 7)).parse(text) }
    }
}
