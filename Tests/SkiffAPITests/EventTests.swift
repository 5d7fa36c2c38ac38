import SkiffAPI
import Testing

struct EventTests {
    static let scheduledEvent = """
        apiVersion: v1
        kind: Event
        metadata:
          name: train-0.17a8b2c3d4e5f6a7
          namespace: ml
        involvedObject:
          kind: Pod
          namespace: ml
          name: train-0
          uid: 0b6c1a2e-1111-2222-3333-444455556666
          apiVersion: v1
          resourceVersion: "42"
          fieldPath: spec.containers{trainer}
        reason: FailedScheduling
        message: "0/3 nodes are available: 1 Insufficient nvidia.com/gpu."
        source: {component: default-scheduler, host: skiff-1}
        firstTimestamp: "2026-11-23T19:00:00Z"
        lastTimestamp: "2026-11-23T19:05:00Z"
        count: 6
        type: Warning
        reportingComponent: ""
        reportingInstance: ""

        """

    @Test func decodesALegacyEvent() throws {
        let event = try KindsFixture.object(Self.scheduledEvent, as: Event.self)
        #expect(event.metadata.namespace == "ml")
        let spec = event.spec
        #expect(
            spec.involvedObject
                == ObjectReference(
                    kind: "Pod",
                    namespace: "ml",
                    name: "train-0",
                    uid: "0b6c1a2e-1111-2222-3333-444455556666",
                    apiVersion: "v1",
                    resourceVersion: "42",
                    fieldPath: "spec.containers{trainer}"
                )
        )
        #expect(spec.reason == "FailedScheduling")
        #expect(spec.message == "0/3 nodes are available: 1 Insufficient nvidia.com/gpu.")
        #expect(spec.source == EventSource(component: "default-scheduler", host: "skiff-1"))
        #expect(spec.firstTimestamp == Timestamp(rfc3339: "2026-11-23T19:00:00Z"))
        #expect(spec.lastTimestamp == Timestamp(rfc3339: "2026-11-23T19:05:00Z"))
        #expect(spec.count == 6)
        #expect(spec.type == EventType.warning)
        #expect(spec.eventTime == "")
    }

    @Test func encodesFieldsAtTheTopLevelInKubernetesOrder() throws {
        let event = try KindsFixture.object(Self.scheduledEvent, as: Event.self)
        #expect(
            KindsFixture.keys(event.encoded()) == [
                "apiVersion", "kind", "metadata", "involvedObject", "reason", "message", "source", "firstTimestamp",
                "lastTimestamp", "count", "type", "eventTime", "reportingComponent", "reportingInstance",
            ]
        )
        let minimal = Event(
            metadata: ObjectMeta(name: "e", namespace: "default"),
            spec: EventSpec(involvedObject: ObjectReference(kind: "Node", name: "n"))
        )
        #expect(
            minimal.encoded().serialized()
                == #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"default"},"#
                + #""involvedObject":{"kind":"Node","name":"n"},"source":{},"firstTimestamp":null,"#
                + #""lastTimestamp":null,"type":"Normal","eventTime":null,"reportingComponent":"","#
                + #""reportingInstance":""}"#
        )
    }

    @Test func roundTripsThroughTheAPI() throws {
        let legacy = try KindsFixture.object(Self.scheduledEvent, as: Event.self)
        #expect(try KindsFixture.roundTrip(legacy).isEqual(to: legacy))
        let pod = Pod(metadata: ObjectMeta(name: "p", namespace: "ml"), spec: PodSpec(containers: []))
        var reference = ObjectReference(to: pod)
        reference.fieldPath = "spec.containers{main}"
        let newStyle = Event(
            metadata: ObjectMeta(name: "p.1", namespace: "ml"),
            spec: EventSpec(
                involvedObject: reference,
                reason: "Scheduled",
                message: "Successfully assigned ml/p to gpu-1",
                type: EventType.normal,
                eventTime: "2026-11-23T19:32:53.123456Z",
                action: "Binding",
                reportingComponent: "skiff.dev/scheduler",
                reportingInstance: "skiffd-host"
            )
        )
        #expect(
            reference
                == ObjectReference(
                    kind: "Pod",
                    namespace: "ml",
                    name: "p",
                    apiVersion: "v1",
                    fieldPath: "spec.containers{main}"
                )
        )
        let decoded = try KindsFixture.roundTrip(newStyle)
        #expect(decoded.isEqual(to: newStyle))
        #expect(decoded.encoded()["eventTime"] == .string("2026-11-23T19:32:53.123456Z"))
    }

    @Test func legacyEventsMustMatchTheirObjectsNamespace() {
        let errors = KindsFixture.errors(
            """
            apiVersion: v1
            kind: Event
            metadata: {name: e, namespace: ml}
            involvedObject: {kind: Pod, namespace: other, name: p}
            ---
            apiVersion: v1
            kind: Event
            metadata: {name: e, namespace: ml}
            involvedObject: {kind: Node, name: n}
            ---
            apiVersion: v1
            kind: Event
            metadata: {name: e}
            involvedObject: {kind: Node, name: n}
            """
        )
        #expect(
            errors == [
                "t.yaml:4:40: involvedObject.namespace: Invalid value: \"other\": does not match event.namespace",
                "t.yaml:9:17: involvedObject.namespace: Invalid value: \"\": does not match event.namespace",
            ]
        )
    }

    @Test func newStyleEventsNeedTheirReportingFields() {
        let long = String(repeating: "x", count: 129)
        let errors = KindsFixture.errors(
            """
            apiVersion: v1
            kind: Event
            metadata: {name: e, namespace: ml}
            involvedObject: {kind: Node, name: n}
            eventTime: "2026-11-23T19:32:53.000000Z"
            reportingComponent: "not valid!"
            action: \(long)
            message: \(String(repeating: "m", count: 1025))
            """
        )
        #expect(
            errors == [
                "t.yaml:4:17: involvedObject.namespace: Invalid value: \"\": does not match event.namespace",
                "t.yaml:6:21: reportingComponent: Invalid value: \"not valid!\": name part must consist of "
                    + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                    + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "t.yaml:1:1: reportingInstance: Required value",
                "t.yaml:7:9: action: Invalid value: \"\": can have at most 128 characters",
                "t.yaml:1:1: reason: Required value",
                "t.yaml:8:10: message: Invalid value: \"\": can have at most 1024 characters",
            ]
        )
        #expect(
            KindsFixture.errors(
                "apiVersion: v1\nkind: Event\nmetadata: {name: e}\ninvolvedObject: {kind: Node, name: n}\n"
                    + "eventTime: yesterday\n"
            ) == [
                "t.yaml:5:12: eventTime: Invalid value: \"yesterday\": "
                    + "expected an RFC 3339 time such as 2026-01-02T15:04:05.000000Z"
            ]
        )
    }

    @Test func selectsByKubernetesFields() throws {
        let event = try KindsFixture.object(Self.scheduledEvent, as: Event.self)
        let expected: [String: String] = [
            "involvedObject.kind": "Pod", "involvedObject.namespace": "ml", "involvedObject.name": "train-0",
            "involvedObject.uid": "0b6c1a2e-1111-2222-3333-444455556666", "involvedObject.apiVersion": "v1",
            "involvedObject.resourceVersion": "42", "involvedObject.fieldPath": "spec.containers{trainer}",
            "reason": "FailedScheduling", "reportingComponent": "", "source": "default-scheduler", "type": "Warning",
        ]
        for field in Event.selectableFields {
            #expect(event.fieldValue(field) == expected[field], "\(field)")
        }
        #expect(Set(Event.selectableFields) == Set(expected.keys))
        #expect(event.fieldValue("message") == nil)
        #expect(KindsFixture.registry.resolve("ev").map { $0.resource.kind } == ["Event"])
    }

    @Test func unknownFieldsAreErrors() {
        #expect(
            KindsFixture.errors(
                "apiVersion: v1\nkind: Event\nmetadata: {name: e}\ninvolvedObject: {kind: Node, nme: n}\nspec: {}\n"
                    + "status: {}\n"
            ) == [
                "t.yaml:6:1: unknown field \"status\"",
                "t.yaml:4:30: unknown field \"involvedObject.nme\"",
                "t.yaml:5:1: unknown field \"spec\"",
            ]
        )
    }
}
