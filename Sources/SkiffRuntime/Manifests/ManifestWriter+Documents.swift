extension ManifestWriter {
    /// A YAML file as lines, split into its documents by `---` lines, so that one document can be replaced or
    /// removed while every other line stays as it was.
    struct YAMLText {
        var lines: [String]
        /// Whether the file ended with a line break.
        var endsWithNewline: Bool

        /// One document: its `---` line (nil for a first document without one) and its lines.
        struct Document {
            var marker: Int?
            var body: Range<Int>
            /// Comment and blank lines at the start of the body (kept when the document is rewritten).
            var leading: Range<Int>
            /// Comment (at column 0) and blank lines at the end of the body (kept when the document is rewritten).
            var trailing: Range<Int>
        }

        init(_ text: String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            endsWithNewline = text.hasSuffix("\n")
            if endsWithNewline { lines.removeLast() }
            self.lines = lines
        }

        var text: String {
            lines.joined(separator: "\n") + (endsWithNewline && !lines.isEmpty ? "\n" : "")
        }

        static func isMarker(_ line: String) -> Bool {
            line == "---" || line.hasPrefix("--- ") || line.hasPrefix("---\t")
        }

        static func isEnd(_ line: String) -> Bool {
            line == "..." || line.hasPrefix("... ") || line.hasPrefix("...\t")
        }

        /// A line with something other than blanks and a comment.
        static func isContent(_ line: String) -> Bool {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }

        var documents: [Document] {
            var result: [Document] = []
            var marker: Int?
            var start = 0
            func close(_ end: Int) {
                let body = start..<end
                var first = body.lowerBound
                while first < end, !Self.isContent(lines[first]) { first += 1 }
                var last = end
                while last > first, !Self.isContent(lines[last - 1]),
                    lines[last - 1].isEmpty || lines[last - 1].hasPrefix("#")
                {
                    last -= 1
                }
                result.append(Document(marker: marker, body: body, leading: start..<first, trailing: last..<end))
            }
            for (i, line) in lines.enumerated() where Self.isMarker(line) {
                if marker != nil || (start..<i).contains(where: { Self.isContent(lines[$0]) }) { close(i) }
                marker = i
                start = i + 1
            }
            close(lines.count)
            return result
        }
    }

    /// A document located for a rewrite.
    struct Located {
        var file: YAMLText
        var document: YAMLText.Document
    }

    /// Finds the document of `relativePath` holding `line` and checks that it can be rewritten on its own.
    func locate(_ relativePath: String, line: Int, key: ObjectKey? = nil) throws(ManifestWriterError) -> Located {
        func refuse(_ reason: String, at line: Int = line) -> ManifestWriterError {
            .refused(file: relativePath, line: line, reason: reason)
        }
        if relativePath.hasSuffix(".json") {
            throw refuse("the object is declared in a JSON file, which skiffd does not rewrite; edit the file")
        }
        guard let bytes = try Self.readFile(absolute(relativePath)) else {
            throw .io("\(relativePath) no longer exists")
        }
        let file = YAMLText(String(decoding: bytes, as: UTF8.self))
        if let directive = file.lines.firstIndex(where: { $0.hasPrefix("%") || YAMLText.isEnd($0) }) {
            throw refuse("the file uses YAML directives or document end markers (...), which skiffd does not rewrite",
                at: directive + 1)
        }
        guard let document = file.documents.first(where: { $0.body.contains(line - 1) }) else {
            throw refuse("no document of the file starts at this line; the file changed since it was read")
        }
        if let marker = document.marker, file.lines[marker] != "---",
            YAMLText.isContent(String(file.lines[marker].dropFirst(3)))
        {
            throw refuse("the document starts on its --- line, which skiffd does not rewrite", at: marker + 1)
        }
        let bodyLines = file.lines[document.body]
        if let alias = bodyLines.firstIndex(where: Self.hasAnchorOrAlias) {
            throw refuse("the document uses YAML anchors, aliases or merge keys, which a rewrite would expand", at: alias + 1)
        }
        let body = bodyLines.joined(separator: "\n")
        let documents: [YAMLDocument]
        do {
            documents = try YAMLParser().parse(body, file: relativePath)
        } catch {
            throw refuse("the document does not parse on its own: \(error.message)")
        }
        let roots = documents.compactMap(\.root)
        guard roots.count == 1, case .mapping = roots[0].content else {
            throw refuse("the document is not one object")
        }
        let root = roots[0]
        guard root["apiVersion"]?.scalar != nil, let kind = root["kind"]?.scalar?.value else {
            throw refuse(
                "the object is declared in an Azure ML format (an adapter), which skiffd does not rewrite; edit the file"
            )
        }
        if kind.hasSuffix("List"), root["items"] != nil {
            throw refuse("the object is an item of a \(kind), which skiffd does not rewrite; edit the file")
        }
        if let key {
            let name = root["metadata"]?["name"]?.scalar?.value
            guard kind == key.groupKind.kind, name == key.name else {
                throw refuse("the document no longer declares \(key); the file changed since it was read")
            }
        }
        return Located(file: file, document: document)
    }

    /// Whether a line holds a YAML anchor (`&a`), alias (`*a`) or merge key (`<<:`) outside quotes and comments.
    /// Conservative: a plain scalar that merely looks like one (`- *x` inside a block scalar) also counts, which
    /// only makes skiffd refuse to rewrite that document.
    static func hasAnchorOrAlias(_ line: String) -> Bool {
        let chars = Array(line)
        var quote: Character?
        var previous: Character?
        for (i, c) in chars.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            if c == "\"" || c == "'" {
                if previous == nil || previous == ":" || previous == "-" || previous == "[" || previous == "{"
                    || previous == "," || previous == "?"
                {
                    quote = c
                }
            } else if c == "#" && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t") {
                return false
            } else if c == "&" || c == "*" {
                let atTokenStart =
                    previous == nil || previous == ":" || previous == "-" || previous == "[" || previous == "{"
                    || previous == "," || previous == "?"
                if atTokenStart, i + 1 < chars.count, chars[i + 1] != " ", chars[i + 1] != "\t" { return true }
            } else if c == "<", i + 2 < chars.count, chars[i + 1] == "<", chars[i + 2] == ":" {
                if previous == nil || previous == "{" || previous == "," { return true }
            }
            if c != " " && c != "\t" { previous = c }
        }
        return false
    }
}
