/// Answers Kubernetes-shaped requests from the store: discovery, `list`, `get` and `watch` for every kind at the
/// paths kubectl uses, plus Skiff's own `/skiff/v1/files` (per-file state and errors) and health endpoints.
/// Independent of the HTTP library so that it is tested without sockets.
public struct APIHandler: Sendable {
    public let store: any ObjectStore
    public let discovery: Discovery
    /// The manifest files' states as a JSON document (`{"items": [...]}`); supplied by the daemon's loader.
    public let manifestFiles: @Sendable () -> JSONValue
    /// Whether the daemon has finished its first full reconcile (`/readyz`).
    public let isReady: @Sendable () -> Bool
    /// Whether the reconcile loop is healthy (`/healthz`, `/livez`).
    public let isHealthy: @Sendable () -> Bool
    /// The open watches and followed logs, ended on graceful shutdown.
    public let watches: WatchRegistry
    /// Logs, node usage, explanations and job cancellation from the running control plane; nil answers those
    /// routes with `501 NotImplemented`.
    public let operations: (any ClusterOperations)?
    /// `GET /metrics` (Prometheus text); nil answers 404.
    public let metrics: MetricsEndpoint?
    /// Where writes (`POST`, `PUT`, `PATCH`, `DELETE`) go; nil refuses them with `405 MethodNotAllowed`.
    public let writer: (any ObjectWriting)?
    /// The managed fields of objects written through the API (server-side apply).
    let managedFields = ManagedFieldsTable()
    /// `GET /skiff/v1/kubeconfig` (Unix socket only: the HTTPS listener's handler has none); nil answers 404.
    public var kubeconfig: (@Sendable (_ query: [String: String]) -> APIResponse)? = nil
    /// How long a watch without `timeoutSeconds` stays open (the API server's `--min-request-timeout`, 30 min).
    public static let defaultWatchTimeout = Duration.seconds(1800)
    /// How often a watch that allows bookmarks is sent one (the API server sends them about once a minute).
    public static let bookmarkInterval = Duration.seconds(60)
    /// The serialized objects lists and gets serve, per object and resourceVersion.
    public let encodedObjects: EncodedObjectCache
    /// The serialized Table rows `kubectl get` is served, per object and resourceVersion.
    public let tableRows: TableRowCache
    /// The OpenAPI v3 documents (`/openapi/v3/...`), built once from the registry.
    public let openAPI: OpenAPIDocuments

    public init(
        store: any ObjectStore,
        registry: KindRegistry,
        manifestFiles: @escaping @Sendable () -> JSONValue = { .object(["items": .array([])]) },
        isReady: @escaping @Sendable () -> Bool = { true },
        isHealthy: @escaping @Sendable () -> Bool = { true },
        watches: WatchRegistry = WatchRegistry(),
        operations: (any ClusterOperations)? = nil,
        metrics: MetricsEndpoint? = nil,
        writer: (any ObjectWriting)? = nil
    ) {
        self.writer = writer
        self.metrics = metrics
        self.watches = watches
        self.operations = operations
        self.store = store
        self.discovery = Discovery(registry: registry)
        self.encodedObjects = EncodedObjectCache()
        self.tableRows = TableRowCache()
        self.openAPI = OpenAPIDocuments(registry: registry)
        self.manifestFiles = manifestFiles
        self.isReady = isReady
        self.isHealthy = isHealthy
    }

    /// The Kubernetes version skiffd reports; kubectl 1.32 picks its behaviour by the minor version.
    public static let version: JSONValue = .object([
        "major": .string("1"),
        "minor": .string("32"),
        "gitVersion": .string("v1.32.0-skiff"),
        "gitCommit": .string(""),
        "gitTreeState": .string(""),
        "buildDate": .string(""),
        "goVersion": .string(""),
        "compiler": .string("swift"),
        "platform": .string("linux/amd64"),
    ])

    public func handle(_ request: APIRequest) async -> APIResponse {
        if let job = Self.jobCancelTarget(request.path) {
            // The one write the API takes: it asks the Job controller to stop a job, it declares nothing.
            guard request.method == "POST" else {
                return .failure(.methodNotAllowed("the server does not allow this method on the requested resource"))
            }
            return cancelJob(namespace: job.namespace, name: job.name)
        }
        if let node = Self.nodePreemptTarget(request.path) {
            // Like cancel: a request to the control plane (a rehearsal of Azure taking a node back), not a declaration.
            guard request.method == "POST" else {
                return .failure(.methodNotAllowed("the server does not allow this method on the requested resource"))
            }
            return preemptNode(name: node)
        }
        guard request.method == "GET" else {
            return await handleWrite(request)
        }
        switch request.path {
        case "/healthz", "/livez":
            return isHealthy() ? .text(status: 200, body: "ok") : .text(status: 500, body: "reconcile loop unhealthy")
        case "/readyz":
            return isReady() ? .text(status: 200, body: "ok") : .text(status: 503, body: "not ready: first reconcile running")
        case "/version":
            return .json(status: 200, body: Self.version)
        case "/metrics":
            guard let metrics else { return .failure(.notFound("the server could not find the requested resource")) }
            let text = metrics.exposition()
            return .bytes(
                contentType: MetricsEndpoint.contentType,
                body: AsyncThrowingStream { continuation in
                    continuation.yield(Array(text.utf8))
                    continuation.finish()
                }
            )
        case "/api", "/apis":
            // Aggregated discovery when kubectl offers it (its exact Content-Type is how kubectl recognises it).
            if Discovery.wantsAggregated(request.accept) {
                return Self.document(discovery.aggregated(core: request.path == "/api"), contentType: Discovery.aggregatedContentType)
            }
            return .json(status: 200, body: request.path == "/api" ? discovery.coreVersions : discovery.groupList)
        case "/skiff/v1/files":
            return .json(status: 200, body: manifestFiles())
        case "/skiff/v1/top/nodes":
            return nodeUsage()
        case "/skiff/v1/kubeconfig":
            guard let kubeconfig else { return .failure(.notFound("the server could not find the requested resource")) }
            return kubeconfig(request.query)
        default:
            if request.path.hasPrefix(Self.explainPrefix) {
                return explain(String(request.path.dropFirst(Self.explainPrefix.count)))
            }
            if request.path == "/openapi/v3" || request.path.hasPrefix("/openapi/v3/") {
                return openAPI.response(for: request.path)
            }
        }
        guard let path = APIPath(request.path) else {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        return await resource(path, request.query, table: Self.wantsTable(request.accept))
    }

    private func resource(_ path: APIPath, _ query: [String: String], table: Bool) async -> APIResponse {
        if path.resource.isEmpty {
            guard let list = discovery.resourceList(group: path.group, version: path.version) else {
                return .failure(.notFound("the server could not find the requested resource"))
            }
            return .json(status: 200, body: list)
        }
        guard let type = discovery.type(group: path.group, version: path.version, plural: path.resource) else {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        let resource = type.resource
        if !resource.namespaced, path.namespace != nil {
            return .failure(.notFound("the server could not find the requested resource"))
        }
        if let name = path.name {
            if path.subresource == "log", resource.groupKind == Pod.resource.groupKind {
                return await podLog(namespace: path.namespace ?? "default", name: name, query: query)
            }
            if let subresource = path.subresource, subresource != "status" {
                return .failure(.notFound("the server could not find the requested resource"))
            }
            let key = ObjectKey(resource.groupKind, namespace: resource.namespaced ? path.namespace ?? "default" : "", name: name)
            guard let object = store.get(key) else {
                return .failure(APIStatus(code: 404, reason: "NotFound", message: "\(qualified(resource)) \"\(name)\" not found"))
            }
            if table, path.subresource == nil {
                return .encoded(
                    status: 200,
                    body: Self.tableBody(
                        type,
                        [object],
                        resourceVersion: object.metadata.resourceVersion,
                        query: query,
                        rows: tableRows,
                        cache: encodedObjects
                    )
                )
            }
            return .json(status: 200, body: encodedObjects.value(of: object))
        }
        let labels: LabelSelector?
        let fields: FieldSelector?
        switch Self.selectors(query, type) {
        case .success(let parsed): (labels, fields) = parsed
        case .failure(let status): return .failure(status)
        }
        if query["watch"] == "true" || query["watch"] == "1" {
            return watch(type, namespace: path.namespace, labels: labels, fields: fields, query: query, table: table)
        }
        let limit = query["limit"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let options = ListOptions(
            namespace: path.namespace,
            labels: labels,
            fields: fields,
            limit: limit,
            continueToken: query["continue"].flatMap { $0.isEmpty ? nil : $0 }
        )
        do {
            let result = try store.list(resource.groupKind, options: options)
            if table {
                let body = Self.tableBody(
                    type,
                    result.items,
                    resourceVersion: result.resourceVersion,
                    continueToken: result.continueToken,
                    query: query,
                    rows: tableRows,
                    cache: encodedObjects
                )
                return .encoded(status: 200, body: body)
            }
            // Each item is its cached serialization when it has not changed since it was last served.
            return .encoded(
                status: 200,
                body: Self.listBody(
                    kind: resource.listKind,
                    apiVersion: resource.apiVersion,
                    resourceVersion: result.resourceVersion,
                    continueToken: result.continueToken,
                    items: result.items,
                    cache: encodedObjects
                )
            )
        } catch {
            return .failure(APIStatus(store: error))
        }
    }

    /// A watch: newline-delimited JSON events, starting with synthetic `ADDED` events for every existing object
    /// when no resourceVersion is given, as the Kubernetes API server does.
    private func watch(
        _ type: any APIObject.Type,
        namespace: String?,
        labels: LabelSelector?,
        fields: FieldSelector?,
        query: [String: String],
        table: Bool = false
    ) -> APIResponse {
        let from = query["resourceVersion"].flatMap { $0.isEmpty || $0 == "0" ? nil : ResourceVersion($0) }
        var initial: [any APIObject] = []
        var startVersion = from
        if from == nil {
            do {
                let list = try store.list(type.resource.groupKind, options: ListOptions(namespace: namespace, labels: labels, fields: fields))
                initial = list.items
                startVersion = list.resourceVersion
            } catch {
                return .failure(APIStatus(store: error))
            }
        }
        let stream: WatchStream
        let bookmarks = query["allowWatchBookmarks"] == "true"
        do {
            stream = try store.watchStream(
                WatchOptions(
                    groupKind: type.resource.groupKind,
                    namespace: namespace,
                    labels: labels,
                    fields: fields,
                    resourceVersion: startVersion,
                    bookmarks: bookmarks
                )
            )
        } catch {
            // As the API server does: a 200 whose one event is the `410 Expired` Status; kubectl's `get -w` prints
            // it and informers list again.
            return .stream(AsyncStream { continuation in
                continuation.yield(Self.line("ERROR", APIStatus(store: error).encoded))
                continuation.finish()
            })
        }
        guard let watchID = watches.register(stream) else {
            return .failure(APIStatus(code: 503, reason: "ServiceUnavailable", message: "skiffd is shutting down"))
        }
        let registry = watches
        let timeout = query["timeoutSeconds"].flatMap(Int.init).map { Duration.seconds($0) } ?? Self.defaultWatchTimeout
        let initialObjects = initial
        let cache = encodedObjects
        let rows = tableRows
        let store = self.store
        let lines = AsyncStream<[UInt8]> { continuation in
            let task = Task {
                // As a Table (kubectl `get -w`), each event's object is a one-row Table, headers on the first only.
                var headers = true
                func line(_ kind: String, _ object: any APIObject) -> [UInt8] {
                    guard table else { return Self.line(kind, bytes: cache.bytes(of: object)) }
                    defer { headers = false }
                    let version = object.metadata.resourceVersion
                    let body = Self.tableBody(
                        type,
                        [object],
                        resourceVersion: version,
                        query: query,
                        headers: headers,
                        rows: rows,
                        cache: cache
                    )
                    return Self.line(kind, bytes: body)
                }
                for object in initialObjects {
                    continuation.yield(line("ADDED", object))
                }
                do {
                    for try await event in stream {
                        switch event {
                        case .added(let object): continuation.yield(line("ADDED", object))
                        case .modified(let object, _): continuation.yield(line("MODIFIED", object))
                        case .deleted(let object): continuation.yield(line("DELETED", object))
                        case .bookmark(let version):
                            let bookmark: JSONValue = .object([
                                "kind": .string(table ? "Table" : type.resource.kind),
                                "apiVersion": .string(table ? "meta.k8s.io/v1" : type.resource.apiVersion),
                                "metadata": .object(["resourceVersion": .string(String(version))]),
                            ])
                            continuation.yield(Self.line("BOOKMARK", bookmark))
                        }
                    }
                } catch let error as StoreError {
                    continuation.yield(Self.line("ERROR", APIStatus(store: error).encoded))
                } catch {
                    continuation.yield(Self.line("ERROR", APIStatus(code: 500, reason: "InternalError", message: "\(error)").encoded))
                }
                continuation.finish()
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                stream.cancel()
            }
            // Bookmarks tell an informer of a quiet kind how far it may resume from; the store sends them to every
            // watch that asked when told to.
            let bookmarker = Task {
                guard bookmarks else { return }
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.bookmarkInterval)
                    if !Task.isCancelled { store.sendBookmarks() }
                }
            }
            continuation.onTermination = { _ in
                stream.cancel()
                task.cancel()
                timer.cancel()
                bookmarker.cancel()
                registry.remove(watchID)
            }
        }
        return .stream(lines)
    }

    private static func line(_ type: String, _ object: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        JSONValue.object(["type": .string(type), "object": object]).write(to: &out, pretty: false, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    func qualified(_ resource: ResourceType) -> String {
        resource.group.isEmpty ? resource.plural : "\(resource.plural).\(resource.group)"
    }
}

extension APIStatus {
    /// The Status for a store error, with its Kubernetes reason and HTTP code.
    public init(store error: StoreError) {
        self.init(code: error.code, reason: error.reason.rawValue, message: error.message)
    }
}
