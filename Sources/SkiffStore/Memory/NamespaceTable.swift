/// The objects of one kind in one namespace, by name and in name order.
struct NamespaceTable: Sendable {
    var objects: [String: any APIObject] = [:]
    var names = SortedKeys<String>()
}
