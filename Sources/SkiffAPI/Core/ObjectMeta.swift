/// Kubernetes' `metav1.ObjectMeta`: what every object carries besides its spec and status.
public struct ObjectMeta: Sendable, Hashable {
    public var name: String
    public var generateName: String?
    /// Empty for cluster-scoped objects.
    public var namespace: String
    public var uid: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Set by the store on every write; 0 before the object is stored.
    public var resourceVersion: ResourceVersion
    /// Bumped by the store when the spec changes (never on status writes); 1 on creation.
    public var generation: Int64
    public var creationTimestamp: Timestamp?
    public var deletionTimestamp: Timestamp?
    public var ownerReferences: [OwnerReference]
    public var finalizers: [String]

    public init(
        name: String,
        namespace: String = "",
        labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.generateName = nil
        self.namespace = namespace
        self.uid = ""
        self.labels = labels
        self.annotations = annotations
        self.resourceVersion = 0
        self.generation = 0
        self.creationTimestamp = nil
        self.deletionTimestamp = nil
        self.ownerReferences = []
        self.finalizers = []
    }

    /// The owner reference marked `controller: true`, if any.
    public var controllerReference: OwnerReference? {
        ownerReferences.first(where: { $0.controller })
    }
}

/// Kubernetes' `metav1.OwnerReference`: the object that created this one; deleting the owner deletes it.
public struct OwnerReference: Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool
    public var blockOwnerDeletion: Bool

    public init(
        apiVersion: String,
        kind: String,
        name: String,
        uid: String,
        controller: Bool = true,
        blockOwnerDeletion: Bool = true
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}
