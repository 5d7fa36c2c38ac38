/// A resource as Kubernetes names it in messages: `plural.group`, or the plural alone for the core group
/// (`instancetypes.amlarc.azureml.com`, `pods`).
public struct QualifiedResource: Sendable, Hashable, CustomStringConvertible {
    /// Empty for the core group.
    public var group: String
    /// Lowercase plural (`instancetypes`).
    public var plural: String

    public init(group: String, plural: String) {
        self.group = group
        self.plural = plural
    }

    /// The resource of a registered kind.
    public init(_ resource: ResourceType) {
        self.init(group: resource.group, plural: resource.plural)
    }

    /// A best guess for a kind the store has never seen: the lowercased kind plus `s`, as Kubernetes'
    /// `UnsafeGuessKindToResource` does for regular nouns.
    public init(guessingFrom groupKind: GroupKind) {
        let kind = groupKind.kind.lowercased()
        let plural: String
        if kind.hasSuffix("s") || kind.hasSuffix("x") || kind.hasSuffix("ch") || kind.hasSuffix("sh") {
            plural = kind + "es"
        } else if kind.hasSuffix("y"), let last = kind.dropLast().last, !"aeiou".contains(last) {
            plural = kind.dropLast() + "ies"
        } else {
            plural = kind + "s"
        }
        self.init(group: groupKind.group, plural: plural)
    }

    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }
}
