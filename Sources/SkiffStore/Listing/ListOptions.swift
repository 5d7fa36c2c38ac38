/// What a list selects and how much of it one page returns.
public struct ListOptions: Sendable {
    /// Only objects in this namespace; nil for every namespace (and for cluster-scoped kinds).
    public var namespace: String?
    /// Only objects whose labels match.
    public var labels: (any LabelMatcher)?
    /// Only objects whose fields match.
    public var fields: (any FieldMatcher)?
    /// At most this many items; nil or 0 for all. A limited list that has more items returns a continue token.
    public var limit: Int?
    /// The token from the previous page's ``ListResult/continueToken``.
    public var continueToken: String?

    public init(
        namespace: String? = nil,
        labels: (any LabelMatcher)? = nil,
        fields: (any FieldMatcher)? = nil,
        limit: Int? = nil,
        continueToken: String? = nil
    ) {
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
        self.limit = limit
        self.continueToken = continueToken
    }
}
