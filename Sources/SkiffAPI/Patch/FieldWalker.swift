/// Walks objects the way structured-merge-diff does for one kind's schema: which fields a value sets, how two
/// values differ, how an applied configuration merges into the live object, and how fields are removed. Lists of
/// maps with a known merge key (``PatchMetadata``) are keyed, merge lists of primitives are sets, every other
/// list is atomic (as for a custom resource without list annotations).
struct FieldWalker {
    enum ListType: Equatable {
        case atomic
        case set
        case map([String])
    }

    let metadata: PatchMetadata

    /// Fields that are never owned (`strip_meta.go`): identity and server-set metadata.
    static let ignored: Set<ManagedFieldPath> = Set(
        [["apiVersion"], ["kind"], ["metadata", "name"], ["metadata", "namespace"], ["metadata", "uid"],
         ["metadata", "resourceVersion"], ["metadata", "generation"], ["metadata", "creationTimestamp"],
         ["metadata", "selfLink"], ["metadata", "managedFields"], ["metadata", "deletionTimestamp"],
         ["metadata", "deletionGracePeriodSeconds"]]
            .map { ManagedFieldPath($0.map(ManagedPathElement.field)) })

    static func isIgnored(_ path: ManagedFieldPath) -> Bool {
        ignored.contains { path.hasPrefix($0) }
    }

    func listType(_ schemaPath: String) -> ListType {
        switch metadata.strategy(at: schemaPath) {
        case .mergeByKey(let key)?: return .map(metadata.listMapKeys[schemaPath] ?? [key])
        case .mergePrimitives?: return .set
        case nil: return .atomic
        }
    }

    /// The path element naming a keyed list's item; nil when the item is not a map.
    func keyElement(_ item: JSONValue, keys: [String]) -> ManagedPathElement? {
        guard case .object(let object) = item else { return nil }
        var entries: [JSONEntry] = []
        for key in keys.sorted() {
            if let value = object[key] {
                entries.append(JSONEntry(key, value))
            } else if key == "protocol" {
                entries.append(JSONEntry(key, .string("TCP")))  // `+default="TCP"` on ports
            }
        }
        return entries.isEmpty ? nil : .key(entries)
    }

    // MARK: - Field sets

    /// The fields `value` sets (`TypedValue.ToFieldSet`): leaves, empty maps, list items of keyed lists and sets,
    /// atomic lists as a whole. Maps are not members themselves unless empty.
    func fieldSet(of value: JSONValue) -> ManagedFieldSet {
        var set = ManagedFieldSet()
        collect(value, path: ManagedFieldPath(), schemaPath: "", into: &set)
        return ManagedFieldSet(set.paths.filter { !Self.isIgnored($0) })
    }

    private func collect(
        _ value: JSONValue, path: ManagedFieldPath, schemaPath: String, into set: inout ManagedFieldSet
    ) {
        switch value {
        case .object(let object):
            if object.isEmpty && !path.elements.isEmpty { set.insert(path) }
            for entry in object.entries {
                collect(entry.value, path: path.appending(.field(entry.key)),
                        schemaPath: PatchMetadata.child(schemaPath, entry.key), into: &set)
            }
        case .array(let items):
            switch listType(schemaPath) {
            case .atomic:
                set.insert(path)
            case .set:
                for item in items { set.insert(path.appending(.value(item))) }
            case .map(let keys):
                for item in items {
                    guard let element = keyElement(item, keys: keys) else {
                        set.insert(path)
                        continue
                    }
                    let itemPath = path.appending(element)
                    set.insert(itemPath)
                    collect(item, path: itemPath, schemaPath: schemaPath, into: &set, itemOfList: true)
                }
            }
        default:
            set.insert(path)
        }
    }

    private func collect(
        _ item: JSONValue, path: ManagedFieldPath, schemaPath: String, into set: inout ManagedFieldSet, itemOfList: Bool
    ) {
        guard case .object(let object) = item else { return }
        for entry in object.entries {
            collect(entry.value, path: path.appending(.field(entry.key)),
                    schemaPath: PatchMetadata.child(schemaPath, entry.key), into: &set)
        }
    }

    // MARK: - Comparison

    struct Comparison {
        var added = ManagedFieldSet()
        var modified = ManagedFieldSet()
        var removed = ManagedFieldSet()
    }

    /// How `new` differs from `old` (`TypedValue.Compare`).
    func compare(_ old: JSONValue?, _ new: JSONValue) -> Comparison {
        var comparison = Comparison()
        compare(old, new, path: ManagedFieldPath(), schemaPath: "", into: &comparison)
        comparison.added = ManagedFieldSet(comparison.added.paths.filter { !Self.isIgnored($0) })
        comparison.modified = ManagedFieldSet(comparison.modified.paths.filter { !Self.isIgnored($0) })
        comparison.removed = ManagedFieldSet(comparison.removed.paths.filter { !Self.isIgnored($0) })
        return comparison
    }

    private func compare(
        _ old: JSONValue?, _ new: JSONValue?, path: ManagedFieldPath, schemaPath: String, into c: inout Comparison
    ) {
        switch (old, new) {
        case (nil, nil):
            return
        case (nil, let new?):
            everything(new, path: path, schemaPath: schemaPath, into: &c.added, root: path.elements.count < 2)
        case (let old?, nil):
            everything(old, path: path, schemaPath: schemaPath, into: &c.removed, root: false)
            c.removed.insert(path)
        case (.object(let o)?, .object(let n)?):
            for entry in n.entries {
                compare(o[entry.key], entry.value, path: path.appending(.field(entry.key)),
                        schemaPath: PatchMetadata.child(schemaPath, entry.key), into: &c)
            }
            for entry in o.entries where n[entry.key] == nil {
                compare(entry.value, nil, path: path.appending(.field(entry.key)),
                        schemaPath: PatchMetadata.child(schemaPath, entry.key), into: &c)
            }
        case (.array(let o)?, .array(let n)?):
            switch listType(schemaPath) {
            case .atomic:
                if !JSONPatch.equal(.array(o), .array(n)) { c.modified.insert(path) }
            case .set:
                for item in n where !o.contains(item) { c.added.insert(path.appending(.value(item))) }
                for item in o where !n.contains(item) { c.removed.insert(path.appending(.value(item))) }
            case .map(let keys):
                let oldItems = keyedItems(o, keys: keys)
                let newItems = keyedItems(n, keys: keys)
                guard let oldItems, let newItems else {
                    if !JSONPatch.equal(.array(o), .array(n)) { c.modified.insert(path) }
                    return
                }
                for (element, item) in newItems {
                    let itemPath = path.appending(element)
                    if let previous = oldItems.first(where: { $0.0 == element })?.1 {
                        compare(previous, item, path: itemPath, schemaPath: schemaPath, into: &c)
                    } else {
                        c.added.insert(itemPath)
                        everything(item, path: itemPath, schemaPath: schemaPath, into: &c.added, root: true)
                    }
                }
                for (element, item) in oldItems where !newItems.contains(where: { $0.0 == element }) {
                    let itemPath = path.appending(element)
                    c.removed.insert(itemPath)
                    everything(item, path: itemPath, schemaPath: schemaPath, into: &c.removed, root: true)
                }
            }
        case (let old?, let new?):
            if !JSONPatch.equal(old, new) {
                c.modified.insert(path)
                switch old {
                case .object, .array:
                    everything(old, path: path, schemaPath: schemaPath, into: &c.removed, root: true)
                default:
                    break
                }
            }
        }
    }

    /// Every path of `value` under `path`; an added map is itself a member (`"."`), except the object's top-level
    /// fields (`metadata`, `spec`, `status`), which Kubernetes' typed objects always have.
    private func everything(
        _ value: JSONValue, path: ManagedFieldPath, schemaPath: String, into set: inout ManagedFieldSet, root: Bool
    ) {
        switch value {
        case .object(let object):
            if !root && !path.elements.isEmpty { set.insert(path) }
            for entry in object.entries {
                everything(entry.value, path: path.appending(.field(entry.key)),
                           schemaPath: PatchMetadata.child(schemaPath, entry.key), into: &set,
                           root: path.elements.isEmpty)
            }
        case .array(let items):
            switch listType(schemaPath) {
            case .atomic:
                set.insert(path)
            case .set:
                for item in items { set.insert(path.appending(.value(item))) }
            case .map(let keys):
                for item in items {
                    guard let element = keyElement(item, keys: keys) else {
                        set.insert(path)
                        continue
                    }
                    set.insert(path.appending(element))
                    everything(item, path: path.appending(element), schemaPath: schemaPath, into: &set, root: true)
                }
            }
        default:
            set.insert(path)
        }
    }

    private func keyedItems(_ items: [JSONValue], keys: [String]) -> [(ManagedPathElement, JSONValue)]? {
        var out: [(ManagedPathElement, JSONValue)] = []
        for item in items {
            guard let element = keyElement(item, keys: keys) else { return nil }
            out.append((element, item))
        }
        return out
    }

    // MARK: - Merge and removal

    /// Merges an applied configuration into the live object (`TypedValue.Merge`): maps merge, keyed lists merge
    /// item by item (live order kept, new items appended), sets are unioned, everything else is replaced.
    func merge(_ live: JSONValue?, _ config: JSONValue, schemaPath: String = "") -> JSONValue {
        guard let live else { return config }
        switch (live, config) {
        case (.object(var l), .object(let c)):
            for entry in c.entries {
                if entry.value == .null {
                    l[entry.key] = nil
                } else {
                    let childSchema = PatchMetadata.child(schemaPath, entry.key)
                    l[entry.key] = merge(l[entry.key], entry.value, schemaPath: childSchema)
                }
            }
            return .object(l)
        case (.array(var l), .array(let c)):
            switch listType(schemaPath) {
            case .atomic:
                return config
            case .set:
                for item in c where !l.contains(item) { l.append(item) }
                return .array(l)
            case .map(let keys):
                guard let liveItems = keyedItems(l, keys: keys), let configItems = keyedItems(c, keys: keys) else {
                    return config
                }
                for (element, item) in configItems {
                    if let index = liveItems.firstIndex(where: { $0.0 == element }) {
                        l[index] = merge(l[index], item, schemaPath: schemaPath)
                    } else {
                        l.append(item)
                    }
                }
                return .array(l)
            }
        default:
            return config
        }
    }

    /// Removes the fields in `paths` from `value`; maps and lists left empty by a removal go too, unless some
    /// manager owns them (`keep`).
    func remove(_ paths: ManagedFieldSet, from value: JSONValue, keep: ManagedFieldSet) -> JSONValue {
        var result = value
        // Parents first: removing a list item by its key must happen before its key field goes.
        for path in paths.paths.sorted() {
            result = remove(path.elements[...], from: result, prefix: ManagedFieldPath(), schemaPath: "", keep: keep)
                ?? result
        }
        return result
    }

    /// Nil when `value` itself must go.
    private func remove(
        _ elements: ArraySlice<ManagedPathElement>, from value: JSONValue, prefix: ManagedFieldPath, schemaPath: String,
        keep: ManagedFieldSet
    ) -> JSONValue? {
        guard let first = elements.first else { return nil }
        let rest = elements.dropFirst()
        let path = prefix.appending(first)
        switch (value, first) {
        case (.object(var object), .field(let name)):
            guard let child = object[name] else { return value }
            let childSchema = PatchMetadata.child(schemaPath, name)
            object[name] = remove(rest, from: child, prefix: path, schemaPath: childSchema, keep: keep)
            if object[name] != nil, emptied(object[name]!, was: child), !keep.containsPrefix(path) {
                object[name] = nil
            }
            return .object(object)
        case (.array(var items), .key):
            guard case .map(let keys) = listType(schemaPath),
                let index = items.firstIndex(where: { keyElement($0, keys: keys) == first })
            else { return value }
            if let item = remove(rest, from: items[index], prefix: path, schemaPath: schemaPath, keep: keep) {
                items[index] = item
            } else {
                items.remove(at: index)
            }
            return .array(items)
        case (.array(var items), .value(let v)):
            items.removeAll { $0 == v }
            return .array(items)
        default:
            return value
        }
    }

    private func emptied(_ value: JSONValue, was old: JSONValue) -> Bool {
        switch (value, old) {
        case (.object(let n), .object(let o)): return n.isEmpty && !o.isEmpty
        case (.array(let n), .array(let o)): return n.isEmpty && !o.isEmpty
        default: return false
        }
    }
}
