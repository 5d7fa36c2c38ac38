import SkiffServer
import Testing

struct APIHandlerTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let handler: APIHandler

    init() throws {
        handler = APIHandler(
            store: store,
            registry: .builtIn,
            manifestFiles: { .object(["items": .array([.object(["path": .string("a.yaml")])])]) },
            isReady: { false }
        )
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "team", labels: ["tier": "gold"])))
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "other", labels: ["tier": "silver"])))
    }

    private func get(_ path: String, _ query: [String: String] = [:]) async -> (Int, JSONValue) {
        switch await handler.handle(APIRequest(path: path, query: query)) {
        case .json(let status, let body): return (status, ResponseReading.normalized(body))
        case .encoded(let status, let body): return (status, ResponseReading.parse(String(decoding: body, as: UTF8.self)))
        case .text(let status, let body): return (status, .string(body))
        case .stream, .bytes: return (0, .null)
        }
    }

    @Test func versionAndHealth() async {
        let (status, body) = await get("/version")
        #expect(status == 200)
        #expect(body["major"] == .string("1") && body["minor"] == .string("32"))
        #expect(await get("/healthz").0 == 200)
        #expect(await get("/readyz").0 == 503)
    }

    @Test func discoveryListsEveryGroupAndResource() async {
        let (_, groups) = await get("/apis")
        guard case .array(let items) = groups["groups"] ?? .null else {
            Issue.record("no groups")
            return
        }
        #expect(items.compactMap { $0["name"]?.stringValue }.sorted() == ["amlarc.azureml.com", "skiff.dev"])
        let (status, list) = await get("/apis/amlarc.azureml.com/v1alpha1")
        #expect(status == 200)
        guard case .array(let resources) = list["resources"] ?? .null else {
            Issue.record("no resources")
            return
        }
        let instanceTypes = resources.first { $0["name"] == .string("instancetypes") }
        #expect(instanceTypes?["shortNames"] == .strings(["it"]))
        #expect(instanceTypes?["namespaced"] == .bool(false))
        #expect(await get("/apis/nope.example/v1").0 == 404)
    }

    @Test func listsWithLabelAndFieldSelectors() async {
        let (status, list) = await get("/api/v1/namespaces", ["labelSelector": "tier in (gold,bronze)"])
        #expect(status == 200)
        #expect(list["kind"] == .string("NamespaceList"))
        guard case .array(let items) = list["items"] ?? .null else {
            Issue.record("no items")
            return
        }
        #expect(items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["team"])
        let (_, byField) = await get("/api/v1/namespaces", ["fieldSelector": "metadata.name!=team"])
        guard case .array(let others) = byField["items"] ?? .null else {
            Issue.record("no items")
            return
        }
        #expect(others.compactMap { $0["metadata"]?["name"]?.stringValue } == ["default", "other"])
        let (badStatus, bad) = await get("/api/v1/namespaces", ["fieldSelector": "spec.nodeName=x"])
        #expect(badStatus == 400)
        #expect(bad["message"] == .string("field label not supported: spec.nodeName"))
        #expect(await get("/api/v1/namespaces", ["labelSelector": "a in (b"]).0 == 400)
    }

    @Test func getsOneObjectOrAKubernetesNotFound() async {
        let (status, ns) = await get("/api/v1/namespaces/team")
        #expect(status == 200)
        #expect(ns["metadata"]?["labels"]?["tier"] == .string("gold"))
        let (missing, body) = await get("/apis/amlarc.azureml.com/v1alpha1/instancetypes/nope")
        #expect(missing == 404)
        #expect(body["kind"] == .string("Status"))
        #expect(body["reason"] == .string("NotFound"))
        #expect(body["message"] == .string("instancetypes.amlarc.azureml.com \"nope\" not found"))
        #expect(await get("/api/v1/namespaces/team/instancetypes").0 == 404)
    }

    @Test func namespacedListsFilterByNamespace() async throws {
        let pod = Pod(
            metadata: ObjectMeta(name: "p", namespace: "team"),
            spec: PodSpec(containers: [Container(name: "main", command: ["true"])])
        )
        _ = try store.create(pod)
        let (_, inTeam) = await get("/api/v1/namespaces/team/pods")
        let (_, inDefault) = await get("/api/v1/namespaces/default/pods")
        let (_, everywhere) = await get("/api/v1/pods")
        func count(_ v: JSONValue) -> Int {
            if case .array(let a) = v["items"] ?? .null { return a.count }
            return -1
        }
        #expect(count(inTeam) == 1 && count(inDefault) == 0 && count(everywhere) == 1)
    }

    @Test func watchStartsWithExistingObjectsThenStreamsChanges() async throws {
        let response = await handler.handle(APIRequest(path: "/api/v1/namespaces", query: ["watch": "true"]))
        guard case .stream(let lines) = response else {
            Issue.record("expected a stream")
            return
        }
        var iterator = lines.makeAsyncIterator()
        var seen: [String] = []
        for _ in 0..<3 {
            if let line = await iterator.next() { seen.append(String(decoding: line, as: UTF8.self)) }
        }
        #expect(seen.allSatisfy { $0.hasPrefix("{\"type\":\"ADDED\"") && $0.hasSuffix("\n") })
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "new")))
        let next = await iterator.next().map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(next.hasPrefix("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"new\""))
    }

    @Test func manifestFilesComeFromTheDaemon() async {
        let (status, body) = await get("/skiff/v1/files")
        #expect(status == 200)
        #expect(body["items"] == .array([.object(["path": .string("a.yaml")])]))
    }
}
