@testable import SkiffServer
import Testing

/// Lists and Tables are written straight into bytes from cached serializations; these check that the bytes are
/// exactly those of the `JSONValue` documents the handler built before (which kubectl and the Python client read),
/// and that cached rows still print ages at the time of each request.
struct ListBodyTests {
    static let creation = Timestamp(seconds: 1_700_000_000)
    let store = MemoryStore(configuration: StoreConfiguration(clock: { ListBodyTests.creation }, kinds: .builtIn))
    let handler: APIHandler
    let created = ListBodyTests.creation

    init() throws {
        handler = APIHandler(store: store, registry: .builtIn)
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        for index in 0..<5 {
            var pod = Pod(
                metadata: ObjectMeta(
                    name: "web-\(index)",
                    namespace: "default",
                    labels: ["app": "web", "n": String(index)],
                    annotations: ["note": "a <b> & \"c\" é\n"]
                ),
                spec: PodSpec(containers: [Container(name: "main")])
            )
            pod = try store.create(pod)
            if index == 1 {
                // A restarted container: its RESTARTS cell reads `1 (… ago)`, printed at the request's time.
                pod.status.containerStatuses = [
                    ContainerStatus(
                        name: "main",
                        state: .running(since: created),
                        lastState: .terminated(
                            .init(exitCode: 1, finishedAt: Timestamp(seconds: ListBodyTests.creation.seconds + 60))
                        ),
                        restartCount: 1
                    )
                ]
                _ = try store.updateStatus(pod)
            }
        }
        _ = try store.create(
            Event(
                metadata: ObjectMeta(name: "web-0.1", namespace: "default"),
                spec: EventSpec(
                    involvedObject: ObjectReference(kind: "Pod", namespace: "default", name: "web-0"),
                    reason: "Started",
                    firstTimestamp: Timestamp(seconds: created.seconds + 5),
                    lastTimestamp: Timestamp(seconds: created.seconds + 10),
                    count: 2,
                    type: "Normal"
                )
            )
        )
    }

    private func items(_ groupKind: GroupKind, limit: Int? = nil) throws -> ListResult {
        try store.list(groupKind, options: ListOptions(namespace: "default", limit: limit))
    }

    private static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        value.write(to: &out, pretty: false, indent: 0)
        return out
    }

    @Test func listBodiesAreTheListDocumentsBytes() throws {
        for limit in [nil, 2] {
            let result = try items(Pod.resource.groupKind, limit: limit)
            var metadata = JSONObject()
            metadata["resourceVersion"] = .string(String(result.resourceVersion))
            metadata.put("continue", nonEmpty: result.continueToken)
            let expected = JSONValue.object([
                "kind": .string("PodList"),
                "apiVersion": .string("v1"),
                "metadata": .object(metadata),
                "items": .array(result.items.map { $0.encoded() }),
            ])
            // Twice: encoded, then from the cache.
            for _ in 0..<2 {
                let body = APIHandler.listBody(
                    kind: "PodList",
                    apiVersion: "v1",
                    resourceVersion: result.resourceVersion,
                    continueToken: result.continueToken,
                    items: result.items,
                    cache: handler.encodedObjects
                )
                #expect(body == Self.bytes(expected))
            }
        }
        let empty = APIHandler.listBody(
            kind: "PodList", apiVersion: "v1", resourceVersion: 7, continueToken: nil, items: [],
            cache: handler.encodedObjects
        )
        let expected = #"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[]}"#
        #expect(String(decoding: empty, as: UTF8.self) == expected)
    }

    @Test(arguments: ["Metadata", "Object", "None"])
    func tableBodiesAreTheTableDocumentsBytes(include: String) throws {
        let now = Timestamp(seconds: created.seconds + 3 * 3600)
        let kinds: [(any APIObject.Type, GroupKind)] = [
            (Pod.self, Pod.resource.groupKind), (Event.self, Event.resource.groupKind),
        ]
        for (type, groupKind) in kinds {
            let result = try items(groupKind, limit: 3)
            for headers in [true, false] {
                let expected = Self.referenceTable(
                    type, result.items, resourceVersion: result.resourceVersion, continueToken: result.continueToken,
                    include: include, headers: headers, now: now
                )
                for _ in 0..<2 {
                    let body = APIHandler.tableBody(
                        type,
                        result.items,
                        resourceVersion: result.resourceVersion,
                        continueToken: result.continueToken,
                        query: ["includeObject": include],
                        headers: headers,
                        rows: handler.tableRows,
                        cache: handler.encodedObjects,
                        now: now
                    )
                    let want = String(decoding: Self.bytes(expected), as: UTF8.self)
                    #expect(String(decoding: body, as: UTF8.self) == want)
                }
            }
        }
    }

    @Test func cachedRowsPrintTheirAgesAtEachRequestsTime() throws {
        let pods = try items(Pod.resource.groupKind).items
        let events = try items(Event.resource.groupKind).items
        let times = [(3600, "60m", "1 (59m ago)", "59m"), (9 * 86400, "9d", "1 (8d ago)", "8d")]
        for (offset, age, restarts, lastSeen) in times {
            let now = Timestamp(seconds: created.seconds + Int64(offset))
            let before = handler.tableRows.counts
            let podTable = ResponseReading.parse(
                String(decoding: APIHandler.tableBody(
                    Pod.self, pods, resourceVersion: 1, query: [:], rows: handler.tableRows,
                    cache: handler.encodedObjects,
                    now: now
                ), as: UTF8.self)
            )
            let rows = podTable["rows"]?.items ?? []
            #expect(rows.count == 5)
            #expect(rows.first?["cells"]?.items[4] == .string(age))
            #expect(rows[1]["cells"]?.items[3] == .string(restarts))
            let eventTable = ResponseReading.parse(
                String(decoding: APIHandler.tableBody(
                    Event.self, events, resourceVersion: 1, query: [:], rows: handler.tableRows,
                    cache: handler.encodedObjects,
                    now: now
                ), as: UTF8.self)
            )
            #expect(eventTable["rows"]?.items.first?["cells"]?.items.first == .string(lastSeen))
            if offset != 3600 {
                // The second request printed nothing again: every row came from the cache.
                #expect(handler.tableRows.counts.misses == before.misses)
                #expect(handler.tableRows.counts.hits == before.hits + 6)
            }
        }
    }

    /// The Table document as the handler built it before rows were cached (the reference for the bytes).
    static func referenceTable(
        _ type: any APIObject.Type,
        _ objects: [any APIObject],
        resourceVersion: ResourceVersion?,
        continueToken: String?,
        include: String,
        headers: Bool,
        now: Timestamp
    ) -> JSONValue {
        let table = TablePrinter.table(type, objects, wide: true, now: now)
        let priorities = TablePrinter.columnPriorities(type)
        let nameIndex = TablePrinter.nameColumnIndex(type)
        let definitions: [JSONValue] = table.columns.enumerated().map { index, name in
            .object([
                "name": .string(name),
                "type": .string("string"),
                "format": .string(index == nameIndex ? "name" : ""),
                "description": .string(""),
                "priority": .int(Int64(index < priorities.count ? priorities[index] : 0)),
            ])
        }
        var rows: [JSONValue] = []
        for (object, cells) in zip(objects, table.rows) {
            var row = JSONObject()
            row["cells"] = .strings(cells)
            switch include {
            case "None":
                break
            case "Object":
                row["object"] = object.encoded()
            default:
                row["object"] = .object([
                    "kind": .string("PartialObjectMetadata"),
                    "apiVersion": .string("meta.k8s.io/v1"),
                    "metadata": object.metadata.encoded(),
                ])
            }
            rows.append(.object(row))
        }
        var metadata = JSONObject()
        if let resourceVersion { metadata["resourceVersion"] = .string(String(resourceVersion)) }
        if let continueToken { metadata["continue"] = .string(continueToken) }
        var document = JSONObject()
        document["kind"] = .string("Table")
        document["apiVersion"] = .string("meta.k8s.io/v1")
        document["metadata"] = .object(metadata)
        if headers { document["columnDefinitions"] = .array(definitions) }
        document["rows"] = .array(rows)
        return .object(document)
    }
}
