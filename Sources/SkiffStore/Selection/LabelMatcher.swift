/// What the store needs from a label selector: whether a label set is selected, and which requirements an
/// index can answer. Label selectors conform to this (`app=web,tier in (a,b),!canary`), so a list or watch takes
/// any of them.
public protocol LabelMatcher: Sendable {
    /// Whether an object with these labels is selected.
    func matches(_ labels: [String: String]) -> Bool
    /// The requirements of the form `key=value`, `key==value` or `key in (v1,v2)`: every selected object has
    /// one of `values` for `key`. The store answers the most selective of them from its label index instead of
    /// scanning; it still calls ``matches(_:)`` on every candidate, so this list may be incomplete but never
    /// wrong.
    var indexableRequirements: [StoreLabelRequirement] { get }
}

/// A label requirement an index can answer: the label `key` has one of `values`.
public struct StoreLabelRequirement: Sendable, Hashable {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }
}
