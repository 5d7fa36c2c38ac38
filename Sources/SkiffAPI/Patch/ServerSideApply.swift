/// Server-side apply (`application/apply-patch+yaml`) and the field ownership of other writes, as
/// structured-merge-diff's `Updater` does it: managers own fields (`metadata.managedFields`, `FieldsV1`), an
/// applier owns exactly the fields of its applied configuration, fields it applied before and no longer applies are
/// removed unless another manager owns them, and changing a field another manager owns is a conflict unless forced
/// (then the ownership moves). Applying the same value as another manager shares the field.
public enum ServerSideApply {
    /// Applies `applied` (the manifest as a JSON object) for `manager` onto `live` (nil = create). Returns the merged
    /// object with `metadata.managedFields` updated. Conflicts with other managers' fields → PatchError.conflict with
    /// Kubernetes' message
    /// (`Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1 at <time>: .spec.x`) unless
    /// `force`.
    public static func apply(
        _ applied: JSONValue, to live: JSONValue?, manager: String, force: Bool, now: String
    ) throws(PatchError) -> JSONValue {
        guard case .object(var config) = applied else {
            throw .invalid("an applied configuration must be a JSON object")
        }
        if case .object(var meta)? = config["metadata"] {
            meta["managedFields"] = nil
            config["metadata"] = .object(meta)
        }
        // `status` is a reset field of the main resource (ResetFieldsStrategy): an apply neither sets nor owns it.
        config["status"] = nil
        let kind = config["kind"]?.stringValue ?? live?["kind"]?.stringValue ?? ""
        let apiVersion = config["apiVersion"]?.stringValue ?? live?["apiVersion"]?.stringValue ?? ""
        let walker = FieldWalker(metadata: PatchMetadata.forKind(kind) ?? .metadataOnly)

        var managers = ManagedFieldsEntry.entries(of: live).map { ($0, ManagedFieldSet(fieldsV1: $0.fieldsV1)) }
        let liveObject = live.map(withoutManagedFields)
        if let liveObject, managers.isEmpty {
            // An object no one manages yet (declared in a file, written before field tracking): as the API server's
            // skip-non-applied manager does, its fields first become an Update by "before-first-apply", so an apply
            // that changes them conflicts.
            let comparison = walker.compare(nil, liveObject)
            let set = comparison.added.union(comparison.modified)
            if !set.isEmpty {
                let entry = ManagedFieldsEntry(manager: beforeFirstApply, operation: "Update", apiVersion: apiVersion,
                                               time: now, fieldsV1: .object(JSONObject()))
                managers.append((entry, set))
            }
        }
        var merged = walker.merge(liveObject, .object(config))

        let me = ManagedFieldsEntry(manager: manager, operation: "Apply", apiVersion: apiVersion, time: now,
                                    fieldsV1: .object(JSONObject()))
        let lastSet = managers.first { $0.0.isSameManager(as: me) }?.1 ?? ManagedFieldSet()
        let newSet = walker.fieldSet(of: .object(config))
        managers.removeAll { $0.0.isSameManager(as: me) }

        // Prune: the fields this manager applied last time and no longer applies, unless someone else owns them.
        var owned = newSet
        for (_, set) in managers { owned = owned.union(set) }
        let toRemove = lastSet.subtracting(owned)
        if !toRemove.isEmpty { merged = walker.remove(toRemove, from: merged, keep: owned) }

        // Conflicts: fields other managers own that this apply changes.
        let comparison = walker.compare(liveObject, merged)
        let changed = comparison.modified.union(comparison.added)
        var conflicts: [(ManagedFieldsEntry, ManagedFieldPath)] = []
        for index in managers.indices {
            let conflictSet = managers[index].1.intersection(changed)
            if conflictSet.isEmpty { continue }
            for path in conflictSet.ordered { conflicts.append((managers[index].0, path)) }
            managers[index].1 = managers[index].1.subtracting(conflictSet)
        }
        if !conflicts.isEmpty && !force { throw .conflict(conflictMessage(conflicts)) }
        for index in managers.indices { managers[index].1 = managers[index].1.subtracting(comparison.removed) }
        managers.removeAll { $0.1.isEmpty }
        if !newSet.isEmpty || !lastSet.isEmpty { managers.append((me, newSet)) }
        return withManagedFields(merged, managers)
    }

    /// Records an Update (POST/PUT/PATCH that is not apply) by `manager`: the fields that changed between old and new.
    public static func recordUpdate(old: JSONValue?, new: JSONValue, manager: String, now: String) -> JSONValue {
        let kind = new["kind"]?.stringValue ?? old?["kind"]?.stringValue ?? ""
        let apiVersion = new["apiVersion"]?.stringValue ?? old?["apiVersion"]?.stringValue ?? ""
        let walker = FieldWalker(metadata: PatchMetadata.forKind(kind) ?? .metadataOnly)
        let source = old ?? new
        var managers = ManagedFieldsEntry.entries(of: source).map { ($0, ManagedFieldSet(fieldsV1: $0.fieldsV1)) }
        let newObject = withoutManagedFields(new)
        let comparison = walker.compare(old.map(withoutManagedFields), newObject)

        let me = ManagedFieldsEntry(manager: manager, operation: "Update", apiVersion: apiVersion, time: now,
                                    fieldsV1: .object(JSONObject()))
        let previous = managers.first { $0.0.isSameManager(as: me) }
        managers.removeAll { $0.0.isSameManager(as: me) }
        let changed = comparison.modified.union(comparison.added)
        for index in managers.indices {
            managers[index].1 = managers[index].1.subtracting(changed).subtracting(comparison.removed)
        }
        managers.removeAll { $0.1.isEmpty }
        let mine = (previous?.1 ?? ManagedFieldSet()).subtracting(comparison.removed).union(changed)
        if !mine.isEmpty {
            // An update that changes nothing keeps the previous entry's time.
            var entry = me
            if let previous, previous.1 == mine { entry.time = previous.0.time }
            managers.append((entry, mine))
        }
        return withManagedFields(newObject, managers)
    }

    /// The manager that owns the fields of an object applied to for the first time without managed fields.
    public static let beforeFirstApply = "before-first-apply"

    // MARK: - Helpers

    private static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        guard case .object(var root) = object, case .object(var meta)? = root["metadata"] else { return object }
        meta["managedFields"] = nil
        root["metadata"] = .object(meta)
        return .object(root)
    }

    /// Writes the entries, sorted as the API server sorts them (operation, time, manager, API version).
    private static func withManagedFields(
        _ object: JSONValue, _ managers: [(ManagedFieldsEntry, ManagedFieldSet)]
    ) -> JSONValue {
        guard case .object(var root) = object else { return object }
        var meta: JSONObject
        if case .object(let existing)? = root["metadata"] { meta = existing } else { meta = JSONObject() }
        let entries = managers.map { pair -> ManagedFieldsEntry in
            var entry = pair.0
            entry.fieldsV1 = pair.1.fieldsV1
            return entry
        }.sorted { p, q in
            if p.operation != q.operation { return p.operation < q.operation }
            if p.time != q.time { return p.time < q.time }
            if p.manager != q.manager { return p.manager < q.manager }
            if p.apiVersion != q.apiVersion { return p.apiVersion < q.apiVersion }
            return p.subresource < q.subresource
        }
        meta["managedFields"] = entries.isEmpty ? nil : .array(entries.map(\.json))
        root["metadata"] = .object(meta)
        return .object(root)
    }

    /// `getConflictMessage` in the API server's field manager.
    static func conflictMessage(_ conflicts: [(ManagedFieldsEntry, ManagedFieldPath)]) -> String {
        if conflicts.count == 1 {
            return "Apply failed with 1 conflict: conflict with \(conflicts[0].0.conflictName): "
                + conflicts[0].1.description
        }
        var byManager: [String: [ManagedFieldPath]] = [:]
        for (entry, path) in conflicts { byManager[entry.conflictName, default: []].append(path) }
        var lines: [String] = []
        for name in byManager.keys.sorted() {
            lines.append("conflicts with \(name):")
            for path in byManager[name]! { lines.append("- \(path.description)") }
        }
        return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
    }
}
