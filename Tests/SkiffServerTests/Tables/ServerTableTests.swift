import SkiffServer
import Testing

struct ServerTableTests {
    static let tableAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let handler: APIHandler

    init() throws {
        handler = APIHandler(store: store, registry: .builtIn)
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
    }

    private func table(_ path: String, _ query: [String: String] = [:]) async -> JSONValue {
        await ResponseReading.read(await handler.handle(APIRequest(path: path, query: query, accept: Self.tableAccept)))
            .body
    }

    private func columns(_ table: JSONValue) -> [String] {
        table["columnDefinitions"]?.items.compactMap { $0["name"]?.stringValue } ?? []
    }

    @Test func eventsPrintAsKubectlGetEvents() async throws {
        let now = Timestamp.now()
        let event = Event(
            metadata: ObjectMeta(name: "web.1", namespace: "default"),
            spec: EventSpec(
                involvedObject: ObjectReference(kind: "Pod", namespace: "default", name: "web"),
                reason: "FailedScheduling",
                message: " 0/1 nodes are available \n",
                source: EventSource(component: "skiff-scheduler"),
                firstTimestamp: Timestamp(seconds: now.seconds - 600),
                lastTimestamp: Timestamp(seconds: now.seconds - 35),
                count: 3,
                type: "Warning"
            )
        )
        _ = try store.create(event)
        let body = await table("/api/v1/namespaces/default/events")
        #expect(
            columns(body)
                == ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
        )
        #expect(body["columnDefinitions"]?.items.map { $0["priority"] } == [0, 0, 0, 0, 1, 1, 0, 1, 1, 1].map { .int($0) })
        #expect(body["columnDefinitions"]?.items.last?["format"] == .string("name"))
        let cells = body["rows"]?.items.first?["cells"]
        #expect(
            cells == .strings([
                "35s", "Warning", "FailedScheduling", "pod/web", "", "skiff-scheduler", "0/1 nodes are available", "10m",
                "3", "web.1",
            ])
        )
        #expect(body["metadata"]?["resourceVersion"]?.stringValue == String(store.currentResourceVersion))
    }

    @Test func nodesShowCordonAndAllocatableGPUs() async throws {
        var node = Node(metadata: ObjectMeta(name: "gpu-0"), spec: NodeSpec())
        node.spec.unschedulable = true
        node = try store.create(node)
        node.status.conditions = [NodeCondition(type: .ready, status: .true)]
        node.status.allocatable = ResourceList(["nvidia.com/gpu": "4", "cpu": "8"])
        _ = try store.updateStatus(node)
        let body = await table("/api/v1/nodes")
        #expect(columns(body).prefix(5) == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
        #expect(columns(body).last == "GPUS")
        let cells = body["rows"]?.items.first?["cells"]?.items ?? []
        #expect(cells[1] == .string("Ready,SchedulingDisabled"))
        #expect(cells.last == .string("4"))
    }

    @Test func rowsCarryMetadataOrTheWholeObject() async throws {
        _ = try store.create(
            InstanceType(
                metadata: ObjectMeta(name: "small", labels: ["size": "s"]),
                spec: InstanceType.Spec(resources: InstanceTypeResources(limits: ResourceList(["cpu": "1"])))
            )
        )
        let path = "/apis/amlarc.azureml.com/v1alpha1/instancetypes"
        let metadata = await table(path)
        let row = metadata["rows"]?.items.first
        #expect(row?["object"]?["kind"] == .string("PartialObjectMetadata"))
        #expect(row?["object"]?["metadata"]?["labels"]?["size"] == .string("s"))
        let full = await table(path, ["includeObject": "Object"])
        #expect(full["rows"]?.items.first?["object"]?["kind"] == .string("InstanceType"))
        #expect(full["rows"]?.items.first?["object"]?["spec"]?["resources"]?["limits"]?["cpu"] == .string("1"))
        let none = await table(path, ["includeObject": "None"])
        #expect(none["rows"]?.items.first?["object"] == nil)
        // A get of one object is a one-row Table that carries the object's resourceVersion.
        let one = await table("\(path)/small")
        #expect(one["rows"]?.items.count == 1)
        #expect(one["metadata"]?["resourceVersion"]?.stringValue?.isEmpty == false)
    }

    @Test func agesAreKubectlHumanDurations() {
        #expect(HumanDuration.format(seconds: 35) == "35s")
        #expect(HumanDuration.format(seconds: 119) == "119s")
        #expect(HumanDuration.format(seconds: 300) == "5m")
        #expect(HumanDuration.format(seconds: 330) == "5m30s")
        #expect(HumanDuration.format(seconds: 3 * 3600 + 12 * 60) == "3h12m")
        #expect(HumanDuration.format(seconds: 2 * 86400) == "2d")
        #expect(HumanDuration.format(seconds: 9 * 86400) == "9d")
        #expect(HumanDuration.format(seconds: -5) == "<invalid>")
    }
}
