import SkiffServer
import Testing

/// Writes at the handler level, over the store-only writer: every verb and every error shape kubectl reads.
struct WriteHandlerTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))
    let handler: APIHandler

    init() throws {
        handler = APIHandler(store: store, registry: .builtIn, writer: StoreObjectWriter(store: store))
        _ = try store.create(Namespace(metadata: ObjectMeta(name: "default")))
    }

    static let itPath = "/apis/amlarc.azureml.com/v1alpha1/instancetypes"

    static func instanceType(_ name: String, cpu: String = "2", extra: String = "") -> String {
        """
        {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"\(name)"\(extra)},
         "spec":{"resources":{"limits":{"cpu":"\(cpu)","memory":"4Gi"}}}}
        """
    }

    func send(
        _ method: String,
        _ path: String,
        _ body: String = "",
        contentType: String = "application/json",
        query: [String: String] = [:]
    ) async -> (Int, JSONValue) {
        let request = APIRequest(
            method: method,
            path: path,
            query: query,
            body: Array(body.utf8),
            contentType: contentType
        )
        switch await handler.handle(request) {
        case .json(let status, let body): return (status, body)
        case .encoded(let status, let body): return (status, ResponseReading.parse(String(decoding: body, as: UTF8.self)))
        case .text(let status, let body): return (status, .string(body))
        case .stream, .bytes: return (0, .null)
        }
    }

    func createType(_ name: String, cpu: String = "2") async throws -> JSONValue {
        let (status, body) = await send("POST", Self.itPath, Self.instanceType(name, cpu: cpu))
        try #require(status == 201, "\(body)")
        return body
    }

    // MARK: - Create

    @Test func createAnswers201WithTheStoredObject() async throws {
        let body = try await createType("small")
        #expect(body["kind"] == .string("InstanceType"))
        #expect(body["metadata"]?["uid"]?.stringValue?.isEmpty == false)
        #expect(body["metadata"]?["resourceVersion"] != nil)
        #expect(store.get(ObjectKey(InstanceType.resource.groupKind, name: "small")) != nil)
    }

    @Test func createWithoutContentTypeIsJSON() async {
        let (status, _) = await send("POST", Self.itPath, Self.instanceType("plain"), contentType: "")
        #expect(status == 201)
    }

    @Test func createOfAnExistingObjectIsAlreadyExists() async throws {
        _ = try await createType("dup")
        let (status, body) = await send("POST", Self.itPath, Self.instanceType("dup"))
        #expect(status == 409)
        #expect(body["reason"] == .string("AlreadyExists"))
        #expect(body["message"] == .string("instancetypes.amlarc.azureml.com \"dup\" already exists"))
        #expect(body["details"]?["name"] == .string("dup"))
        #expect(body["details"]?["kind"] == .string("instancetypes"))
    }

    @Test func invalidFieldsAre422WithCauses() async {
        let (status, body) = await send("POST", Self.itPath, Self.instanceType("bad", cpu: "abc"))
        #expect(status == 422)
        #expect(body["reason"] == .string("Invalid"))
        #expect(body["details"]?["kind"] == .string("InstanceType"))
        #expect(body["details"]?["name"] == .string("bad"))
        guard case .array(let causes)? = body["details"]?["causes"], let cause = causes.first else {
            Issue.record("no causes: \(body)")
            return
        }
        #expect(cause["field"] == .string("spec.resources.limits.cpu"))
        #expect(cause["reason"] == .string("FieldValueInvalid"))
        #expect(cause["message"]?.stringValue?.hasPrefix("Invalid value: \"abc\"") == true)
        #expect(body["message"]?.stringValue?.hasPrefix("InstanceType.amlarc.azureml.com \"bad\" is invalid: spec.resources.limits.cpu: Invalid value: \"abc\"") == true)
    }

    @Test func strictFieldValidationRejectsUnknownFields() async {
        let json = #"{"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"u"},"spec":{"foo":1,"resources":{"limits":{"cpu":"1","memory":"1Gi"}}}}"#
        let (status, body) = await send("POST", Self.itPath, json, query: ["fieldValidation": "Strict"])
        #expect(status == 400)
        #expect(body["reason"] == .string("BadRequest"))
        #expect(body["message"] == .string("strict decoding error: unknown field \"spec.foo\""))
        let (ignored, created) = await send("POST", Self.itPath, json, query: ["fieldValidation": "Ignore"])
        #expect(ignored == 201, "\(created)")
    }

    @Test func namespaceMismatchIsBadRequest() async {
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"other"},"spec":{"containers":[{"name":"c","image":"x"}]}}"#
        let (status, body) = await send("POST", "/api/v1/namespaces/default/pods", pod)
        #expect(status == 400)
        #expect(body["message"] == .string("the namespace of the provided object does not match the namespace sent on the request"))
    }

    @Test func createFillsTheNamespaceFromTheURL() async {
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x","command":["sleep","1"]}]}}"#
        let (status, body) = await send("POST", "/api/v1/namespaces/default/pods", pod)
        #expect(status == 201, "\(body)")
        #expect(body["metadata"]?["namespace"] == .string("default"))
    }

    @Test func dryRunWritesNothing() async {
        let (status, _) = await send("POST", Self.itPath, Self.instanceType("dry"), query: ["dryRun": "All"])
        #expect(status == 201)
        #expect(store.get(ObjectKey(InstanceType.resource.groupKind, name: "dry")) == nil)
    }

    @Test func lastAppliedAnnotationIsStoredAndServed() async throws {
        let annotation = #","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"a\":1}\n"}"#
        let (status, body) = await send("POST", Self.itPath, Self.instanceType("la", extra: annotation))
        #expect(status == 201, "\(body)")
        #expect(body["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"] == .string("{\"a\":1}\n"))
    }

    // MARK: - Update

    @Test func putWithAStaleResourceVersionIsAConflict() async throws {
        let created = try await createType("x")
        let version = created["metadata"]?["resourceVersion"]?.stringValue ?? ""
        let stale = Self.instanceType("x", cpu: "4", extra: #","resourceVersion":"1""#)
        let (status, body) = await send("PUT", Self.itPath + "/x", stale)
        #expect(status == 409)
        #expect(body["reason"] == .string("Conflict"))
        #expect(body["message"] == .string(
            "Operation cannot be fulfilled on instancetypes.amlarc.azureml.com \"x\": the object has been modified; "
                + "please apply your changes to the latest version and try again"))
        let fresh = Self.instanceType("x", cpu: "4", extra: #","resourceVersion":"\#(version)""#)
        let (ok, updated) = await send("PUT", Self.itPath + "/x", fresh)
        #expect(ok == 200, "\(updated)")
        #expect(updated["spec"]?["resources"]?["limits"]?["cpu"] == .string("4"))
    }

    @Test func putNameMismatchIsBadRequest() async throws {
        _ = try await createType("y")
        let (status, _) = await send("PUT", Self.itPath + "/y", Self.instanceType("z", extra: #","resourceVersion":"1""#))
        #expect(status == 400)
    }

    @Test func putOfAMissingObjectIsNotFound() async {
        let (status, body) = await send("PUT", Self.itPath + "/nope", Self.instanceType("nope"))
        #expect(status == 404)
        #expect(body["message"] == .string("instancetypes.amlarc.azureml.com \"nope\" not found"))
    }

    // MARK: - Patch

    @Test func mergePatchLabels() async throws {
        _ = try await createType("m")
        let (status, body) = await send(
            "PATCH", Self.itPath + "/m", #"{"metadata":{"labels":{"size":"large"}}}"#,
            contentType: "application/merge-patch+json", query: ["fieldManager": "kubectl-label"])
        #expect(status == 200, "\(body)")
        #expect(body["metadata"]?["labels"]?["size"] == .string("large"))
        let stored = store.get(ObjectKey(InstanceType.resource.groupKind, name: "m"))
        #expect(stored?.metadata.labels["size"] == "large")
    }

    @Test func strategicMergePatchCordonsANode() async throws {
        _ = try store.create(Node(metadata: ObjectMeta(name: "n2")))
        let (status, body) = await send(
            "PATCH", "/api/v1/nodes/n2", #"{"spec":{"unschedulable":true}}"#,
            contentType: "application/strategic-merge-patch+json")
        #expect(status == 200, "\(body)")
        #expect((store.get(ObjectKey(Node.resource.groupKind, name: "n2")) as? Node)?.spec.unschedulable == true)
        let (again, _) = await send(
            "PATCH", "/api/v1/nodes/n2", #"{"spec":{"unschedulable":null}}"#,
            contentType: "application/strategic-merge-patch+json")
        #expect(again == 200)
        #expect((store.get(ObjectKey(Node.resource.groupKind, name: "n2")) as? Node)?.spec.unschedulable == false)
    }

    @Test func jsonPatchReplacesAField() async throws {
        _ = try await createType("jp")
        let (status, body) = await send(
            "PATCH", Self.itPath + "/jp", #"[{"op":"replace","path":"/spec/resources/limits/cpu","value":"3"}]"#,
            contentType: "application/json-patch+json")
        #expect(status == 200, "\(body)")
        #expect(body["spec"]?["resources"]?["limits"]?["cpu"] == .string("3"))
    }

    @Test func strategicMergePatchOnACustomKindIs415() async throws {
        _ = try await createType("s")
        let (status, body) = await send(
            "PATCH", Self.itPath + "/s", #"{"metadata":{"labels":{"a":"b"}}}"#,
            contentType: "application/strategic-merge-patch+json")
        #expect(status == 415)
        #expect(body["reason"] == .string("UnsupportedMediaType"))
    }

    @Test func patchOfAMissingObjectIsNotFound() async {
        let (status, _) = await send("PATCH", Self.itPath + "/nope", "{}", contentType: "application/merge-patch+json")
        #expect(status == 404)
    }

    @Test func patchThatBreaksValidationIs422() async throws {
        _ = try await createType("v")
        let (status, body) = await send(
            "PATCH", Self.itPath + "/v", #"{"spec":{"resources":{"limits":{"cpu":"abc"}}}}"#,
            contentType: "application/merge-patch+json")
        #expect(status == 422)
        #expect(body["details"]?["kind"] == .string("InstanceType"))
    }

    @Test func applyPatchNeedsAFieldManager() async {
        let (status, _) = await send(
            "PATCH", Self.itPath + "/a", Self.instanceType("a"), contentType: "application/apply-patch+yaml")
        #expect(status == 400)
    }

    @Test func unknownPatchTypeIs415() async throws {
        _ = try await createType("u")
        let (status, _) = await send("PATCH", Self.itPath + "/u", "{}", contentType: "application/x-unknown")
        #expect(status == 415)
    }

    // MARK: - Status

    @Test func statusWritesChangeOnlyStatus() async throws {
        _ = await send(
            "POST", "/api/v1/nodes", #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"}}"#)
        let (status, body) = await send(
            "PATCH", "/api/v1/nodes/n1/status",
            #"{"status":{"capacity":{"cpu":"8"}},"spec":{"unschedulable":true}}"#,
            contentType: "application/merge-patch+json")
        #expect(status == 200, "\(body)")
        let node = store.get(ObjectKey(Node.resource.groupKind, name: "n1")) as? Node
        #expect(node?.status.capacity[.cpu] == Quantity("8"))
        #expect(node?.spec.unschedulable == false)
    }

    // MARK: - Delete

    @Test func deleteAnswersASuccessStatus() async throws {
        let created = try await createType("d")
        let (status, body) = await send("DELETE", Self.itPath + "/d", #"{"propagationPolicy":"Background"}"#)
        #expect(status == 200)
        #expect(body["kind"] == .string("Status"))
        #expect(body["status"] == .string("Success"))
        #expect(body["details"]?["name"] == .string("d"))
        #expect(body["details"]?["group"] == .string("amlarc.azureml.com"))
        #expect(body["details"]?["kind"] == .string("instancetypes"))
        #expect(body["details"]?["uid"] == created["metadata"]?["uid"])
        #expect(store.get(ObjectKey(InstanceType.resource.groupKind, name: "d")) == nil)
        #expect(await send("DELETE", Self.itPath + "/d").0 == 404)
    }

    @Test func deleteOfAnObjectWithFinalizersAnswersItTerminating() async throws {
        var pod = Pod(metadata: ObjectMeta(name: "p", namespace: "default"), spec: PodSpec(containers: [Container(name: "c", image: "x")]), status: PodStatus())
        pod.metadata.finalizers = ["skiff.dev/pod-runtime"]
        _ = try store.create(pod)
        let (status, body) = await send(
            "DELETE", "/api/v1/namespaces/default/pods/p", #"{"propagationPolicy":"Background","gracePeriodSeconds":0}"#)
        #expect(status == 200)
        #expect(body["kind"] == .string("Pod"))
        #expect(body["metadata"]?["deletionTimestamp"] != nil)
        let stored = store.get(ObjectKey(Pod.resource.groupKind, namespace: "default", name: "p")) as? Pod
        #expect(stored?.spec.terminationGracePeriodSeconds == 0)
    }

    @Test func deletePreconditionsAreChecked() async throws {
        _ = try await createType("pc")
        let (status, body) = await send("DELETE", Self.itPath + "/pc", #"{"preconditions":{"uid":"wrong"}}"#)
        #expect(status == 409, "\(body)")
    }

    @Test func writesWithoutAWriterAreRefused() async {
        let readOnly = APIHandler(store: store, registry: .builtIn)
        let response = await readOnly.handle(APIRequest(method: "POST", path: Self.itPath, body: Array("{}".utf8)))
        guard case .json(let status, _) = response else {
            Issue.record("not JSON")
            return
        }
        #expect(status == 405)
    }
}
