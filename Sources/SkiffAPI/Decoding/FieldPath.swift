/// A path to a field, printed as Kubernetes prints field paths: `spec.containers[0].resources.limits`.
///
/// Decoders build a path for every field they descend into, but a path is only printed when an error is
/// reported, so a path is a chain of components rendered on demand: `child`, `index` and `key` cost one small
/// allocation and no string formatting.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path, pointing at the step before it.
    private final class Link: Sendable {
        enum Component {
            /// A root given as text, or a named field.
            case name(String)
            case index(Int)
            case key(String)
        }

        let parent: Link?
        let component: Component

        init(parent: Link?, component: Component) {
            self.parent = parent
            self.component = component
        }

        /// The path as text: the rules `child`, `index` and `key` applied in order from the root.
        var text: String {
            var links: [Link] = []
            var current: Link? = self
            while let link = current {
                links.append(link)
                current = link.parent
            }
            var text = ""
            for link in links.reversed() {
                switch link.component {
                case .name(let name):
                    if text.isEmpty {
                        text = name
                    } else {
                        text += "."
                        text += name
                    }
                case .index(let i):
                    text += "["
                    text += String(i)
                    text += "]"
                case .key(let key):
                    text += "["
                    text += key
                    text += "]"
                }
            }
            return text
        }
    }

    private let last: Link?

    public init(_ root: String = "") {
        last = root.isEmpty ? nil : Link(parent: nil, component: .name(root))
    }

    private init(last: Link) {
        self.last = last
    }

    /// The path of a named field below this one.
    public func child(_ name: String) -> FieldPath {
        FieldPath(last: Link(parent: last, component: .name(name)))
    }

    /// The path of a list element below this one.
    public func index(_ i: Int) -> FieldPath {
        FieldPath(last: Link(parent: last, component: .index(i)))
    }

    /// The path of a map entry whose key is not a plain identifier (`labels[app.kubernetes.io/name]`).
    public func key(_ key: String) -> FieldPath {
        FieldPath(last: Link(parent: last, component: .key(key)))
    }

    public var isEmpty: Bool { last == nil || description.isEmpty }
    public var description: String { last?.text ?? "" }

    public static func == (lhs: FieldPath, rhs: FieldPath) -> Bool {
        lhs.last === rhs.last || lhs.description == rhs.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }
}
