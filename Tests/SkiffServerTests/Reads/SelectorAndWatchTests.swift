import SkiffServer
import Testing

struct SelectorAndWatchTests {
    let store: MemoryStore
    let handler: APIHandler
    let nodeUID: String

    init() throws {
        store = MemoryStore(configuration: StoreConfiguration(historyCapacity: 4, kinds: .builtIn))
        handler = APIHandler(store: store, registry: .builtIn)
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        nodeUID = try store.create(Node(metadata: ObjectMeta(name: "node-a"), spec: NodeSpec())).metadata.uid
        for (name, app) in [("web-1", "web"), ("web-2", "web"), ("trainer", "trainer"), ("plain", "")] {
            var pod = Pod(
                metadata: ObjectMeta(name: name, namespace: "default", labels: app.isEmpty ? [:] : ["app": app]),
                spec: PodSpec(containers: [Container(name: "main")])
            )
            pod.spec.nodeName = name == "trainer" ? "" : "node-a"
            _ = try store.create(pod)
        }
        _ = try store.create(
            Event(
                metadata: ObjectMeta(name: "node-a.1", namespace: "default"),
                spec: EventSpec(
                    involvedObject: ObjectReference(kind: "Node", name: "node-a", uid: nodeUID),
                    reason: "NodeReady",
                    type: "Normal"
                )
            )
        )
        _ = try store.create(
            Event(
                metadata: ObjectMeta(name: "web-1.1", namespace: "default"),
                spec: EventSpec(
                    involvedObject: ObjectReference(kind: "Pod", namespace: "default", name: "web-1", apiVersion: "v1"),
                    reason: "Started",
                    type: "Normal"
                )
            )
        )
    }

    private func names(_ path: String, _ query: [String: String]) async -> [String] {
        let response = await ResponseReading.read(await handler.handle(APIRequest(path: path, query: query)))
        return response.body["items"]?.items.compactMap { $0["metadata"]?["name"]?.stringValue } ?? []
    }

    @Test func setBasedLabelSelectorsArriveFormEncoded() async {
        // kubectl's `-l 'app in (web,trainer),!foo'` reaches the handler with `+` for spaces.
        #expect(await names("/api/v1/namespaces/default/pods", ["labelSelector": "app+in+(web,trainer),!foo"]) == ["trainer", "web-1", "web-2"])
        #expect(await names("/api/v1/pods", ["labelSelector": "!app"]) == ["plain"])
        #expect(await names("/api/v1/pods", ["labelSelector": "app+notin+(web)"]) == ["plain", "trainer"])
    }

    @Test func podFieldSelectorsAsDescribeNodeSendsThem() async {
        let query = ["fieldSelector": "spec.nodeName=node-a,status.phase!=Succeeded,status.phase!=Failed", "limit": "500"]
        #expect(await names("/api/v1/pods", query) == ["plain", "web-1", "web-2"])
        #expect(await names("/api/v1/pods", ["fieldSelector": "spec.nodeName==node-a,metadata.name!=plain"]) == ["web-1", "web-2"])
        #expect(await names("/api/v1/pods", ["fieldSelector": "metadata.namespace=default,metadata.name=trainer"]) == ["trainer"])
    }

    @Test func eventFieldSelectorsInAnyOrderWithAnEmptyNamespace() async {
        let node = "involvedObject.name=node-a,involvedObject.namespace=,involvedObject.kind=Node,involvedObject.uid=\(nodeUID)"
        #expect(await names("/api/v1/events", ["fieldSelector": node]) == ["node-a.1"])
        let reordered = "involvedObject.uid=\(nodeUID),involvedObject.kind=Node,involvedObject.namespace=,involvedObject.name=node-a"
        #expect(await names("/api/v1/events", ["fieldSelector": reordered]) == ["node-a.1"])
        let pod = "involvedObject.kind=Pod,involvedObject.apiVersion=v1,involvedObject.name=web-1"
        #expect(await names("/api/v1/namespaces/default/events", ["fieldSelector": pod]) == ["web-1.1"])
        #expect(await names("/api/v1/events", ["fieldSelector": "type=Normal,reason=Started"]) == ["web-1.1"])
    }

    @Test func unsupportedFieldLabelsAreRefusedAsTheAPIServerWordsIt() async {
        // kubectl prints it as `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label
        // selector "", field selector "foo=bar": field label not supported: foo` (the prefix is its own).
        let pods = await ResponseReading.read(
            await handler.handle(APIRequest(path: "/api/v1/pods", query: ["fieldSelector": "foo=bar"]))
        )
        #expect(pods.status == 400)
        #expect(pods.body["reason"] == .string("BadRequest"))
        #expect(pods.body["message"] == .string("field label not supported: foo"))
        let types = await ResponseReading.read(
            await handler.handle(
                APIRequest(path: "/apis/amlarc.azureml.com/v1alpha1/instancetypes", query: ["fieldSelector": "spec.x=1"])
            )
        )
        #expect(types.body["message"] == .string("field label not supported: spec.x"))
        // Fields pods can be selected by are not events' (and the reverse).
        let events = await ResponseReading.read(
            await handler.handle(APIRequest(path: "/api/v1/events", query: ["fieldSelector": "spec.nodeName=a"]))
        )
        #expect(events.status == 400)
    }

    @Test func pagesWithLimitAndContinue() async {
        let first = await ResponseReading.read(
            await handler.handle(APIRequest(path: "/api/v1/pods", query: ["limit": "3"]))
        )
        #expect(first.body["items"]?.items.count == 3)
        let token = first.body["metadata"]?["continue"]?.stringValue ?? ""
        #expect(!token.isEmpty)
        #expect(await names("/api/v1/pods", ["limit": "3", "continue": token]) == ["web-2"])
    }

    @Test func listsServeCachedSerializationsUntilAnObjectChanges() async throws {
        _ = await names("/api/v1/pods", [:])
        let before = handler.encodedObjects.counts
        _ = await names("/api/v1/pods", [:])
        let after = handler.encodedObjects.counts
        #expect(after.hits - before.hits == 4 && after.misses == before.misses)
        var pod = try #require(store.get(ObjectKey(Pod.resource.groupKind, namespace: "default", name: "web-1")) as? Pod)
        pod.metadata.labels["tier"] = "gold"
        _ = try store.update(pod)
        let listed = await ResponseReading.read(
            await handler.handle(APIRequest(path: "/api/v1/pods", query: ["labelSelector": "tier=gold"]))
        )
        #expect(listed.body["items"]?.items.first?["metadata"]?["labels"]?["tier"] == .string("gold"))
        #expect(handler.encodedObjects.counts.misses == after.misses + 1)
    }

    @Test func aWatchFromATooOldVersionAnswersAnExpiredErrorEvent() async throws {
        for i in 0..<10 {
            _ = try store.create(Namespace(metadata: ObjectMeta(name: "ns-\(i)")))
        }
        let response = await ResponseReading.read(
            await handler.handle(APIRequest(path: "/api/v1/pods", query: ["watch": "true", "resourceVersion": "2"]))
        )
        let event = ResponseReading.parse(response.text.trimmingSuffix("\n"))
        #expect(event["type"] == .string("ERROR"))
        #expect(event["object"]?["kind"] == .string("Status"))
        #expect(event["object"]?["code"] == .int(410))
        #expect(event["object"]?["reason"] == .string("Expired"))
    }

    @Test func aWatchWithoutVersionStartsWithSyntheticAddedEventsAndStaysOpen() async throws {
        let response = await handler.handle(
            APIRequest(
                path: "/api/v1/pods",
                query: ["watch": "true", "fieldSelector": "metadata.name=web-1", "resourceVersion": "0", "timeoutSeconds": "30"]
            )
        )
        guard case .stream(let lines) = response else {
            Issue.record("expected a stream")
            return
        }
        var iterator = lines.makeAsyncIterator()
        let first = ResponseReading.parse(String(decoding: await iterator.next() ?? [], as: UTF8.self))
        #expect(first["type"] == .string("ADDED"))
        #expect(first["object"]?["metadata"]?["name"] == .string("web-1"))
        var pod = try #require(store.get(ObjectKey(Pod.resource.groupKind, namespace: "default", name: "web-1")) as? Pod)
        pod.metadata.labels["changed"] = "yes"
        _ = try store.update(pod)
        let second = ResponseReading.parse(String(decoding: await iterator.next() ?? [], as: UTF8.self))
        #expect(second["type"] == .string("MODIFIED"))
        #expect(second["object"]?["metadata"]?["labels"]?["changed"] == .string("yes"))
        handler.watches.closeAll()
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
