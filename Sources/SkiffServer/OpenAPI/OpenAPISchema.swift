/// Builders of OpenAPI v3 schema objects (as JSON), for the documents under `/openapi/v3`. Schemas are inline (no
/// `$ref`), as a CustomResourceDefinition publishes them; kubectl's `explain` walks `properties` and `items`.
enum OpenAPISchema {
    static func string(_ description: String, oneOf values: [String] = [], format: String? = nil) -> JSONValue {
        var o: JSONObject = ["type": .string("string"), "description": .string(description)]
        if !values.isEmpty { o["enum"] = .strings(values) }
        if let format { o["format"] = .string(format) }
        return .object(o)
    }

    /// An RFC 3339 time.
    static func time(_ description: String) -> JSONValue {
        string(description, format: "date-time")
    }

    static func integer(_ description: String, format: String = "int32") -> JSONValue {
        .object(["type": .string("integer"), "format": .string(format), "description": .string(description)])
    }

    static func number(_ description: String) -> JSONValue {
        .object(["type": .string("number"), "description": .string(description)])
    }

    static func boolean(_ description: String) -> JSONValue {
        .object(["type": .string("boolean"), "description": .string(description)])
    }

    /// A Kubernetes quantity (`500m`, `2Gi`, `4`): typed `string` as the API server publishes `Quantity` (so that
    /// `kubectl explain` prints `map[string]string`), with the int-or-string mark since a number is accepted too.
    static func quantity(_ description: String) -> JSONValue {
        .object([
            "type": .string("string"),
            "description": .string(description),
            "x-kubernetes-int-or-string": .bool(true),
        ])
    }

    /// A value that may be a string or a number (`shmSize: 16g`, `timeout: 3600`).
    static func intOrString(_ description: String) -> JSONValue {
        quantity(description)
    }

    static func array(_ description: String, of items: JSONValue) -> JSONValue {
        .object(["type": .string("array"), "description": .string(description), "items": items])
    }

    /// A map from strings to `values` (labels, resource lists).
    static func map(_ description: String, of values: JSONValue = .object(["type": .string("string")])) -> JSONValue {
        .object(["type": .string("object"), "description": .string(description), "additionalProperties": values])
    }

    /// A map of resource names to quantities (`cpu: 500m`, `nvidia.com/gpu: 1`).
    static func resourceList(_ description: String) -> JSONValue {
        map(description, of: quantity(""))
    }

    static func object(
        _ description: String,
        _ properties: KeyValuePairs<String, JSONValue>,
        required: [String] = []
    ) -> JSONValue {
        var props = JSONObject()
        for (name, schema) in properties { props[name] = schema }
        var o: JSONObject = [
            "type": .string("object"), "description": .string(description), "properties": .object(props),
        ]
        if !required.isEmpty { o["required"] = .strings(required) }
        return .object(o)
    }

    /// Anything (free-form job inputs, a string or an object): kept as written.
    static func free(_ description: String) -> JSONValue {
        .object(["description": .string(description), "x-kubernetes-preserve-unknown-fields": .bool(true)])
    }

    /// A free-form object.
    static func freeObject(_ description: String) -> JSONValue {
        .object([
            "type": .string("object"), "description": .string(description),
            "x-kubernetes-preserve-unknown-fields": .bool(true),
        ])
    }

    // MARK: Shared parts

    /// `metadata`: the fields Skiff stores for every object.
    static let objectMeta = object(
        "Standard object's metadata: name, namespace, labels, annotations and the server's bookkeeping.",
        [
            "name": string("Name, unique within a namespace (or the cluster for cluster-scoped kinds)."),
            "generateName": string("A prefix the server completes to a unique name when `name` is empty."),
            "namespace": string("The namespace of a namespaced object; empty for cluster-scoped kinds."),
            "uid": string("Unique identity set by the server when the object is created. Read-only."),
            "resourceVersion": string("The version of the object in the store, for optimistic concurrency and watches."),
            "generation": integer("Incremented by the server each time the spec changes. Read-only.", format: "int64"),
            "creationTimestamp": time("When the object was created. Read-only."),
            "deletionTimestamp": time("When the object was asked to be deleted (it waits for its finalizers)."),
            "deletionGracePeriodSeconds": integer("Seconds the object is given to terminate.", format: "int64"),
            "labels": map("Labels: identifying key/value pairs that selectors match."),
            "annotations": map("Annotations: non-identifying key/value pairs."),
            "finalizers": array("Finalizers that must be removed before the object is deleted.", of: string("")),
            "ownerReferences": array(
                "The objects this one depends on; it is garbage-collected with its controller.",
                of: object(
                    "A reference to an owner.",
                    [
                        "apiVersion": string("API version of the owner."),
                        "kind": string("Kind of the owner."),
                        "name": string("Name of the owner."),
                        "uid": string("UID of the owner."),
                        "controller": boolean("Whether the owner is the managing controller."),
                        "blockOwnerDeletion": boolean("Whether the owner's foreground deletion waits for this object."),
                    ]
                )
            ),
            "managedFields": array("Which manager set which fields (server-side apply).", of: freeObject("")),
        ]
    )

    /// `status.conditions`: Kubernetes' condition list.
    static func conditions(_ description: String) -> JSONValue {
        array(
            description,
            of: object(
                "One observation of the object's state.",
                [
                    "type": string("Type of the condition (`Ready`, …)."),
                    "status": string("Status of the condition.", oneOf: ["True", "False", "Unknown"]),
                    "reason": string("A CamelCase reason for the last transition."),
                    "message": string("A human-readable message about the last transition."),
                    "lastTransitionTime": time("When the status last changed."),
                    "observedGeneration": integer("The generation the condition was set for.", format: "int64"),
                ],
                required: ["type", "status"]
            )
        )
    }

    /// A whole kind: `apiVersion`, `kind`, `metadata` and its own fields, tagged with its group/version/kind.
    static func kind(
        _ resource: ResourceType,
        _ description: String,
        _ fields: KeyValuePairs<String, JSONValue>
    ) -> JSONValue {
        var props: JSONObject = [
            "apiVersion": string(
                "APIVersion defines the versioned schema of this representation of an object: `\(resource.apiVersion)`."
            ),
            "kind": string("Kind is a string value representing the REST resource this object represents: `\(resource.kind)`."),
            "metadata": objectMeta,
        ]
        for (name, schema) in fields { props[name] = schema }
        return .object([
            "type": .string("object"),
            "description": .string(description),
            "properties": .object(props),
            "x-kubernetes-group-version-kind": .array([gvk(resource)]),
        ])
    }

    static func gvk(_ resource: ResourceType) -> JSONValue {
        .object([
            "group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
        ])
    }
}
