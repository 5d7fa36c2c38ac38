/// The fields of a `v1` Event, which Kubernetes keeps at the top level of the object (an event has no `spec` or
/// `status`); ``Event`` reads and writes them there.
public struct EventSpec: Sendable, Hashable {
    /// The object the event is about.
    public var involvedObject: ObjectReference
    /// CamelCase, machine-readable (`FailedScheduling`).
    public var reason: String
    /// Human-readable detail.
    public var message: String
    /// Who reported the event.
    public var source: EventSource
    /// When the event was first recorded (legacy events; deduplicated events keep the first time).
    public var firstTimestamp: Timestamp?
    /// When the event was most recently recorded.
    public var lastTimestamp: Timestamp?
    /// How many times it was recorded; 0 when not counted.
    public var count: Int32
    /// `Normal` or `Warning` (see ``EventType``).
    public var type: String
    /// The microsecond-precision time of a new-style event, kept as the text written
    /// (`2026-11-23T19:32:53.123456Z`); empty for legacy events.
    public var eventTime: String
    /// What was done or failed (`Binding`, `Scheduling`); required for new-style events.
    public var action: String
    /// The controller that emitted the event (`skiff.dev/scheduler`); required for new-style events.
    public var reportingComponent: String
    /// Which instance of it (`skiffd-hostname`); required for new-style events.
    public var reportingInstance: String

    /// A value with the given fields; omitted ones are empty, as Kubernetes leaves them.
    public init(
        involvedObject: ObjectReference,
        reason: String = "",
        message: String = "",
        source: EventSource = EventSource(),
        firstTimestamp: Timestamp? = nil,
        lastTimestamp: Timestamp? = nil,
        count: Int32 = 0,
        type: String = EventType.normal,
        eventTime: String = "",
        action: String = "",
        reportingComponent: String = "",
        reportingInstance: String = ""
    ) {
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.source = source
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.count = count
        self.type = type
        self.eventTime = eventTime
        self.action = action
        self.reportingComponent = reportingComponent
        self.reportingInstance = reportingInstance
    }
}

extension EventSpec {
    /// Kubernetes' length limits for new-style events.
    static let reportingInstanceLengthLimit = 128
    static let actionLengthLimit = 128
    static let reasonLengthLimit = 128
    static let noteLengthLimit = 1024

    /// Reads the event fields from the document root and validates them as Kubernetes' `legacyValidateEvent`
    /// does for `v1` writes.
    static func decode(from root: MappingReader) -> EventSpec {
        let context = root.context
        var namespaceMark = root.mark("involvedObject")
        var spec = EventSpec(
            involvedObject: root.mapping("involvedObject") { r in
                namespaceMark = r.mark("namespace")
                return ObjectReference.decode(r)
            } ?? ObjectReference()
        )
        spec.reason = root.string("reason") ?? ""
        spec.message = root.string("message") ?? ""
        spec.source = root.mapping("source", EventSource.decode) ?? EventSource()
        spec.firstTimestamp = root.timestamp("firstTimestamp")
        spec.lastTimestamp = root.timestamp("lastTimestamp")
        spec.count = root.int32("count") ?? 0
        spec.type = root.string("type") ?? ""
        spec.eventTime = root.string("eventTime") ?? ""
        spec.action = root.string("action") ?? ""
        spec.reportingComponent = root.string("reportingComponent") ?? ""
        spec.reportingInstance = root.string("reportingInstance") ?? ""
        if !spec.eventTime.isEmpty && Timestamp(rfc3339: spec.eventTime) == nil {
            // Kubernetes fails to decode such an event, before any validation.
            context.invalid(
                FieldPath("eventTime"),
                root.mark("eventTime"),
                value: spec.eventTime,
                "expected an RFC 3339 time such as 2026-01-02T15:04:05.000000Z"
            )
            return spec
        }

        // The namespace the store will give the event: the declared one, else `default`.
        let declared = root.node["metadata"]?["namespace"]?.scalar?.value ?? ""
        let namespace = declared.isEmpty ? "default" : declared
        let involvedNamespace = spec.involvedObject.namespace
        let namespacePath = FieldPath("involvedObject").child("namespace")
        let mismatch = "does not match event.namespace"
        if spec.eventTime.isEmpty {
            if involvedNamespace.isEmpty ? namespace != "default" : namespace != involvedNamespace {
                context.invalid(namespacePath, namespaceMark, value: involvedNamespace, mismatch)
            }
            return spec
        }
        if involvedNamespace.isEmpty && namespace != "default" && namespace != "kube-system" {
            context.invalid(namespacePath, namespaceMark, value: involvedNamespace, mismatch)
        }
        if spec.reportingComponent.isEmpty {
            context.required(FieldPath("reportingComponent"), root.mark("reportingComponent"))
        }
        for problem in NameValidation.isQualifiedName(spec.reportingComponent) {
            context.invalid(
                FieldPath("reportingComponent"),
                root.mark("reportingComponent"),
                value: spec.reportingComponent,
                problem
            )
        }
        checkRequired(spec.reportingInstance, "reportingInstance", limit: reportingInstanceLengthLimit, root)
        checkRequired(spec.action, "action", limit: actionLengthLimit, root)
        checkRequired(spec.reason, "reason", limit: reasonLengthLimit, root)
        if spec.message.utf8.count > noteLengthLimit {
            context.invalid(
                FieldPath("message"),
                root.mark("message"),
                value: "",
                "can have at most \(noteLengthLimit) characters"
            )
        }
        return spec
    }

    private static func checkRequired(_ value: String, _ key: String, limit: Int, _ root: MappingReader) {
        if value.isEmpty {
            root.context.required(FieldPath(key), root.mark(key))
        } else if value.utf8.count > limit {
            root.context.invalid(FieldPath(key), root.mark(key), value: "", "can have at most \(limit) characters")
        }
    }

    /// Writes the event fields at the top level, in Kubernetes' order (unset times as `null`, as Go prints them).
    func encode(into o: inout JSONObject) {
        o["involvedObject"] = involvedObject.encoded
        o.put("reason", nonEmpty: reason)
        o.put("message", nonEmpty: message)
        o["source"] = source.encoded
        o["firstTimestamp"] = firstTimestamp.map { .string($0.rfc3339) } ?? .null
        o["lastTimestamp"] = lastTimestamp.map { .string($0.rfc3339) } ?? .null
        if count != 0 { o["count"] = .int(Int64(count)) }
        o.put("type", nonEmpty: type)
        o["eventTime"] = eventTime.isEmpty ? .null : .string(eventTime)
        o.put("action", nonEmpty: action)
        o["reportingComponent"] = .string(reportingComponent)
        o["reportingInstance"] = .string(reportingInstance)
    }
}
