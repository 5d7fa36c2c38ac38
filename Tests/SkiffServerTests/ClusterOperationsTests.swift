import Hummingbird
import HummingbirdTesting
import NIOCore
import SkiffServer
import Testing

struct ClusterOperationsTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let operations: FakeClusterOperations
    let handler: APIHandler

    init() throws {
        try self.init(operations: FakeClusterOperations())
    }

    init(operations: FakeClusterOperations) throws {
        self.operations = operations
        handler = APIHandler(store: store, registry: .builtIn, operations: operations)
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "ml")))
        _ = try store.create(
            Pod(
                metadata: ObjectMeta(name: "solo", namespace: "ml"),
                spec: PodSpec(containers: [Container(name: "main", command: ["true"])], nodeName: "node-a")
            )
        )
        _ = try store.create(
            Pod(
                metadata: ObjectMeta(name: "unbound", namespace: "ml"),
                spec: PodSpec(containers: [Container(name: "main", command: ["true"])])
            )
        )
        _ = try store.create(
            Pod(
                metadata: ObjectMeta(name: "duo", namespace: "ml"),
                spec: PodSpec(
                    initContainers: [Container(name: "setup", command: ["true"])],
                    containers: [Container(name: "a", command: ["true"]), Container(name: "b", command: ["true"])],
                    nodeName: "node-a"
                )
            )
        )
        var job = Job(metadata: ObjectMeta(name: "train", namespace: "ml"), spec: Job.Spec())
        job.spec.command = "python train.py"
        _ = try store.create(job)
    }

    private func call(_ path: String, _ query: [String: String] = [:], method: String = "GET") async -> (Int, JSONValue)
    {
        switch await handler.handle(APIRequest(method: method, path: path, query: query)) {
        case .json(let status, let body): return (status, ResponseReading.normalized(body))
        case .encoded(let status, let body): return (status, ResponseReading.parse(String(decoding: body, as: UTF8.self)))
        case .text(let status, let body): return (status, .string(body))
        case .stream, .bytes: return (0, .null)
        }
    }

    private func collect(_ response: APIResponse) async throws -> String {
        guard case .bytes(let contentType, let body) = response else {
            Issue.record("expected a byte stream, got \(response)")
            return ""
        }
        #expect(contentType == "text/plain")
        var out: [UInt8] = []
        for try await chunk in body { out += chunk }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Logs

    @Test func logOfTheOnlyContainerWithTailLines() async throws {
        let response = await handler.handle(
            APIRequest(path: "/api/v1/namespaces/ml/pods/solo/log", query: ["tailLines": "5"])
        )
        #expect(try await collect(response) == "line 1\nline 2\n")
        #expect(
            operations.logCalls
                == [.init(namespace: "ml", name: "solo", container: "main", follow: false, tailLines: 5)]
        )
    }

    @Test func followedLogStreamsChunksAsTheyCome() async throws {
        let response = await handler.handle(
            APIRequest(path: "/api/v1/namespaces/ml/pods/duo/log", query: ["container": "b", "follow": "true"])
        )
        guard case .bytes(_, let body) = response, let feed = operations.logFeed else {
            Issue.record("expected a followed stream")
            return
        }
        #expect(operations.logCalls.first?.follow == true && operations.logCalls.first?.container == "b")
        var chunks = body.makeAsyncIterator()
        feed.yield(Array("epoch 1\n".utf8))
        #expect(try await chunks.next().map { String(decoding: $0, as: UTF8.self) } == "epoch 1\n")
        feed.yield(Array("epoch 2\n".utf8))
        #expect(try await chunks.next().map { String(decoding: $0, as: UTF8.self) } == "epoch 2\n")
        #expect(handler.watches.count == 1)
        feed.finish()
        #expect(try await chunks.next() == nil)
    }

    @Test func followedLogsEndOnShutdownAndStopTheProducer() async throws {
        let response = await handler.handle(
            APIRequest(path: "/api/v1/namespaces/ml/pods/solo/log", query: ["follow": "1"])
        )
        guard case .bytes(_, let body) = response else {
            Issue.record("expected a followed stream")
            return
        }
        var chunks = body.makeAsyncIterator()
        handler.watches.closeAll()
        #expect(try await chunks.next() == nil)
        // The relay task was cancelled, so the producer's stream is terminated too.
        let deadline = ContinuousClock.now + .seconds(5)
        while !operations.logTerminated, ContinuousClock.now < deadline { await Task.yield() }
        #expect(operations.logTerminated)
    }

    @Test func anUnboundPodHasAnEmptyLog() async throws {
        let response = await handler.handle(
            APIRequest(path: "/api/v1/namespaces/ml/pods/unbound/log", query: ["follow": "true"])
        )
        #expect(try await collect(response) == "")
        #expect(operations.logCalls.isEmpty)
    }

    @Test func limitBytesCutsTheLog() async throws {
        let response = await handler.handle(
            APIRequest(path: "/api/v1/namespaces/ml/pods/solo/log", query: ["limitBytes": "4"])
        )
        #expect(try await collect(response) == "line")
    }

    @Test func logErrorsReadAsTheAPIServerWordsThem() async {
        let missing = await call("/api/v1/namespaces/ml/pods/nope/log")
        #expect(missing.0 == 404 && missing.1["message"] == .string("pods \"nope\" not found"))
        let choose = await call("/api/v1/namespaces/ml/pods/duo/log")
        #expect(choose.0 == 400)
        #expect(choose.1["reason"] == .string("BadRequest"))
        #expect(
            choose.1["message"]
                == .string("a container name must be specified for pod duo, choose one of: [setup a b]")
        )
        let unknown = await call("/api/v1/namespaces/ml/pods/duo/log", ["container": "c"])
        #expect(unknown.0 == 400 && unknown.1["message"] == .string("container c is not valid for pod duo"))
        let previous = await call("/api/v1/namespaces/ml/pods/solo/log", ["previous": "true"])
        #expect(
            previous.0 == 400
                && previous.1["message"] == .string("previous terminated container \"main\" in pod \"solo\" not found")
        )
        let badTail = await call("/api/v1/namespaces/ml/pods/solo/log", ["tailLines": "-3"])
        #expect(badTail.0 == 400)
        let badFollow = await call("/api/v1/namespaces/ml/pods/solo/log", ["follow": "yes"])
        #expect(badFollow.0 == 400)
        #expect(operations.logCalls.isEmpty)
    }

    @Test func errorsFromTheControlPlaneBecomeStatuses() async throws {
        let waiting = APIStatus.badRequest("container \"main\" in pod \"solo\" is waiting to start: ContainerCreating")
        let tests = try ClusterOperationsTests(operations: FakeClusterOperations(logError: waiting))
        let (status, body) = await tests.call("/api/v1/namespaces/ml/pods/solo/log")
        #expect(status == 400)
        #expect(body["message"] == .string(waiting.message))
        #expect(body["kind"] == .string("Status"))
    }

    @Test func withoutOperationsTheRoutesAreNotImplemented() async throws {
        let bare = APIHandler(store: store, registry: .builtIn)
        for path in ["/skiff/v1/top/nodes", "/skiff/v1/explain/pods/ml/solo", "/api/v1/namespaces/ml/pods/solo/log"] {
            guard case .json(let status, let body) = await bare.handle(APIRequest(path: path)) else {
                Issue.record("expected a Status for \(path)")
                continue
            }
            #expect(status == 501, "\(path)")
            #expect(body["reason"] == .string("NotImplemented"))
        }
        let cancel = await bare.handle(
            APIRequest(method: "POST", path: "/apis/skiff.dev/v1alpha1/namespaces/ml/jobs/train/cancel")
        )
        guard case .json(501, _) = cancel else {
            Issue.record("expected 501, got \(cancel)")
            return
        }
    }

    // MARK: Top, explain, cancel

    @Test func topNodesIsTheControlPlanesDocument() async {
        let (status, body) = await call("/skiff/v1/top/nodes")
        #expect(status == 200)
        #expect(body["kind"] == .string("NodeUsageList"))
    }

    @Test func explainChecksTheTargetThenAsks() async {
        let (status, body) = await call("/skiff/v1/explain/jobs/ml/train")
        #expect(status == 200 && body["summary"] == .string("waiting for train"))
        let pod = await call("/skiff/v1/explain/pods/ml/solo")
        #expect(pod.0 == 200)
        #expect(operations.explains == ["jobs/ml/train", "pods/ml/solo"])
        let missingJob = await call("/skiff/v1/explain/jobs/ml/nope")
        #expect(missingJob.0 == 404 && missingJob.1["message"] == .string("jobs.skiff.dev \"nope\" not found"))
        #expect(await call("/skiff/v1/explain/nodes/ml/x").0 == 404)
        #expect(await call("/skiff/v1/explain/pods/ml").0 == 404)
        #expect(operations.explains.count == 2)
    }

    @Test func cancelIsTheOnlyPost() async throws {
        let path = "/apis/skiff.dev/v1alpha1/namespaces/ml/jobs/train/cancel"
        let (status, body) = await call(path, method: "POST")
        #expect(status == 200)
        #expect(body["status"]?["cancelRequested"] == .string("2026-11-23T22:00:00Z"))
        #expect(operations.cancels == ["ml/train"])
        #expect(await call(path).0 == 405)
        let missing = await call("/apis/skiff.dev/v1alpha1/namespaces/ml/jobs/nope/cancel", method: "POST")
        #expect(missing.0 == 404 && missing.1["message"] == .string("jobs.skiff.dev \"nope\" not found"))
        #expect(await call("/api/v1/namespaces/ml/pods", method: "POST").0 == 405)
        #expect(await call("/apis/skiff.dev/v1alpha1/namespaces/ml/jobs/train", method: "DELETE").0 == 405)
        #expect(operations.cancels == ["ml/train"])

        let done = APIStatus.conflict("job train has already finished (Completed)")
        let finished = try ClusterOperationsTests(operations: FakeClusterOperations(cancelError: done))
        let (code, refusal) = await finished.call(path, method: "POST")
        #expect(code == 409 && refusal["reason"] == .string("Conflict") && refusal["message"] == .string(done.message))
    }

    @Test func discoveryListsTheLogAndCancelSubresources() async {
        let (_, core) = await call("/api/v1")
        guard case .array(let resources) = core["resources"] ?? .null else {
            Issue.record("no resources")
            return
        }
        let log = resources.first { $0["name"] == .string("pods/log") }
        #expect(log?["verbs"] == .strings(["get"]) && log?["kind"] == .string("Pod"))
        let (_, skiff) = await call("/apis/skiff.dev/v1alpha1")
        guard case .array(let skiffResources) = skiff["resources"] ?? .null else {
            Issue.record("no resources")
            return
        }
        #expect(skiffResources.first { $0["name"] == .string("jobs/cancel") }?["verbs"] == .strings(["create"]))
    }

    // MARK: Over HTTP

    @Test func logsAndCancelOverTheRouter() async throws {
        let server = APIServer(handler: handler, socketPath: "/unused")
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/namespaces/ml/pods/solo/log?tailLines=2", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain")
                #expect(String(buffer: response.body) == "line 1\nline 2\n")
            }
            try await client.execute(uri: "/apis/skiff.dev/v1alpha1/namespaces/ml/jobs/train/cancel", method: .post) {
                response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"cancelRequested\":\"2026-11-23T22:00:00Z\""))
            }
            try await client.execute(uri: "/api/v1/namespaces/ml/pods", method: .post) { response in
                #expect(response.status.code == 405)
            }
        }
        #expect(operations.logCalls.first?.tailLines == 2)
    }
}

/// `kubectl get` asks for server-side Tables.
struct TableOutputTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let handler: APIHandler
    static let kubectlAccept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
        + "application/json"

    init() throws {
        handler = APIHandler(store: store, registry: .builtIn)
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "ml")))
        var pod = Pod(
            metadata: ObjectMeta(name: "web", namespace: "ml"),
            spec: PodSpec(containers: [Container(name: "main", command: ["true"])])
        )
        pod.status.phase = .pending
        pod.status.containerStatuses = [
            ContainerStatus(name: "main", state: ContainerState(waiting: .init(reason: "ContainerCreating")))
        ]
        _ = try store.create(pod)
    }

    @Test func kubectlGetsTheSkiffctlColumnsWithPriorities() async {
        let response = await handler.handle(
            APIRequest(path: "/api/v1/namespaces/ml/pods", accept: Self.kubectlAccept)
        )
        let read = await ResponseReading.read(response)
        let table = read.body
        guard read.status == 200, case .array(let columns) = table["columnDefinitions"] ?? .null,
            case .array(let rows) = table["rows"] ?? .null
        else {
            Issue.record("expected a Table, got \(response)")
            return
        }
        #expect(table["kind"] == .string("Table") && table["apiVersion"] == .string("meta.k8s.io/v1"))
        #expect(
            columns.compactMap { $0["name"]?.stringValue }
                == [
                    "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES",
                    "GPUS",
                ]
        )
        #expect(columns.map { $0["priority"] } == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1].map { .int($0) })
        #expect(rows.count == 1)
        guard case .array(let cells) = rows.first?["cells"] ?? .null else {
            Issue.record("no cells")
            return
        }
        #expect(Array(cells.prefix(4)) == JSONValue.strings(["web", "0/1", "ContainerCreating", "0"]).arrayValue)
        #expect(rows.first?["object"]?["kind"] == .string("PartialObjectMetadata"))
        #expect(rows.first?["object"]?["metadata"]?["namespace"] == .string("ml"))

        let one = await handler.handle(APIRequest(path: "/api/v1/namespaces/ml/pods/web", accept: Self.kubectlAccept))
        let single = await ResponseReading.read(one)
        #expect(single.status == 200)
        #expect(single.body["kind"] == .string("Table"))
        let plain = await handler.handle(APIRequest(path: "/api/v1/namespaces/ml/pods/web", accept: "application/json"))
        guard case .json(200, let object) = plain else {
            Issue.record("expected the pod")
            return
        }
        #expect(ResponseReading.normalized(object)["kind"] == .string("Pod"))
    }
}

extension JSONValue {
    fileprivate var arrayValue: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}

extension TableOutputTests {
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        let limits = YAMLLimits(maxBytes: 1 << 20, maxDocuments: 1)
        guard let root = try YAMLParser(limits: limits).parse(bytes: bytes, file: "event").first?.root else {
            return .null
        }
        return JSONValue(yaml: root)
    }

    @Test func aTableWatchSendsOneRowTablesWithHeadersFirst() async throws {
        let response = await handler.handle(
            APIRequest(path: "/api/v1/namespaces/ml/pods", query: ["watch": "true"], accept: Self.kubectlAccept)
        )
        guard case .stream(let lines) = response else {
            Issue.record("expected a stream")
            return
        }
        var events = lines.makeAsyncIterator()
        let first = try Self.parse(await events.next() ?? [])
        #expect(first["type"] == .string("ADDED"))
        #expect(first["object"]?["kind"] == .string("Table"))
        #expect(first["object"]?["columnDefinitions"] != nil)
        _ = try store.create(
            Pod(
                metadata: ObjectMeta(name: "second", namespace: "ml"),
                spec: PodSpec(containers: [Container(name: "main", command: ["true"])])
            )
        )
        let second = try Self.parse(await events.next() ?? [])
        #expect(second["object"]?["kind"] == .string("Table"))
        #expect(second["object"]?["columnDefinitions"] == nil)
        guard case .array(let rows) = second["object"]?["rows"] ?? .null,
            case .array(let cells) = rows.first?["cells"] ?? .null
        else {
            Issue.record("no row in \(second)")
            return
        }
        #expect(cells.first == .string("second"))
    }
}
