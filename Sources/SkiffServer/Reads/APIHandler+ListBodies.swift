/// List and Table bodies written straight into bytes from the cached serializations of their objects and rows, as
/// the Kubernetes API server writes a list by concatenating each object's cached bytes: no `JSONValue` tree is
/// built per response. The bytes are exactly what encoding the equivalent tree would give (keys in the same order).
extension APIHandler {
    /// `{"kind":…,"apiVersion":…,"metadata":{"resourceVersion":…,"continue":…},"items":[…]}`.
    static func listBody(
        kind: String,
        apiVersion: String,
        resourceVersion: ResourceVersion,
        continueToken: String?,
        items: [any APIObject],
        cache: EncodedObjectCache
    ) -> [UInt8] {
        let encoded = cache.bytes(of: items)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.reduce(256) { $0 + $1.count + 1 })
        out.append(contentsOf: #"{"kind":"#.utf8)
        writeString(kind, to: &out)
        out.append(contentsOf: #","apiVersion":"#.utf8)
        writeString(apiVersion, to: &out)
        out.append(contentsOf: #","metadata":{"resourceVersion":""#.utf8)
        out.append(contentsOf: String(resourceVersion).utf8)
        out.append(UInt8(ascii: "\""))
        if let continueToken, !continueToken.isEmpty {
            out.append(contentsOf: #","continue":"#.utf8)
            writeString(continueToken, to: &out)
        }
        out.append(contentsOf: #"},"items":["#.utf8)
        for (index, item) in encoded.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: item)
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// A `meta.k8s.io/v1` Table of `objects` (see ``table(_:_:resourceVersion:query:headers:cache:)``), its rows
    /// from `rows` with the ages printed at `now`.
    static func tableBody(
        _ type: any APIObject.Type,
        _ objects: [any APIObject],
        resourceVersion: ResourceVersion?,
        continueToken: String? = nil,
        query: [String: String],
        headers: Bool = true,
        rows: TableRowCache,
        cache: EncodedObjectCache,
        now: Timestamp = Timestamp.now()
    ) -> [UInt8] {
        let cached = rows.rows(type, of: objects, now: now)
        let include = query["includeObject"] ?? "Metadata"
        let encoded: [[UInt8]] = include == "Object" ? cache.bytes(of: objects) : []
        var out: [UInt8] = []
        let rowBytes = cached.reduce(0) { $0 + $1.size + ($1.holes.count + 1) * 16 + 80 }
        out.reserveCapacity(1024 + rowBytes + encoded.reduce(0) { $0 + $1.count })
        out.append(contentsOf: #"{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"#.utf8)
        var comma = false
        if let resourceVersion {
            out.append(contentsOf: #""resourceVersion":""#.utf8)
            out.append(contentsOf: String(resourceVersion).utf8)
            out.append(UInt8(ascii: "\""))
            comma = true
        }
        if let continueToken {
            if comma { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #""continue":"#.utf8)
            writeString(continueToken, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        if headers {
            // A watch sends the column definitions with its first event only, as the API server does.
            out.append(contentsOf: #","columnDefinitions":"#.utf8)
            JSONValue.array(columnDefinitions(type)).write(to: &out, pretty: false, indent: 0)
        }
        out.append(contentsOf: #","rows":["#.utf8)
        for (index, row) in cached.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: row.pieces[0])
            var printed: [String]?
            for (hole, piece) in zip(row.holes, row.pieces.dropFirst()) {
                switch hole {
                case .age:
                    writeString(row.age(now: now), to: &out)
                case .printed(let column):
                    if printed == nil {
                        printed = TablePrinter.table(type, [objects[index]], wide: true, now: now).rows.first ?? []
                    }
                    writeString(column < printed!.count ? printed![column] : "", to: &out)
                }
                out.append(contentsOf: piece)
            }
            switch include {
            case "None":
                break
            case "Object":
                // `kubectl get --sort-by` asks for the whole object and sorts on it.
                out.append(contentsOf: #","object":"#.utf8)
                out.append(contentsOf: encoded[index])
            default:
                out.append(contentsOf: partialObjectMetadata)
                out.append(contentsOf: row.metadata)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }

    /// What a row's object opens with when `includeObject` is `Metadata`; its metadata and `}` follow.
    private static let partialObjectMetadata = Array(
        #","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":"#.utf8
    )

    /// A watch event line, `{"type":…,"object":…}` and a newline, around an object's serialized bytes.
    static func line(_ type: String, bytes object: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(object.count + type.utf8.count + 24)
        out.append(contentsOf: #"{"type":""#.utf8)
        out.append(contentsOf: type.utf8)
        out.append(contentsOf: #"","object":"#.utf8)
        out.append(contentsOf: object)
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// A JSON string, escaped as ``JSONValue`` escapes it.
    static func writeString(_ text: String, to out: inout [UInt8]) {
        JSONValue.string(text).write(to: &out, pretty: false, indent: 0)
    }
}
