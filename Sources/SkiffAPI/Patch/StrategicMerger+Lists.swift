extension StrategicMerger {
    /// Merges a list: by merge key or as a set of primitives when the field has a merge strategy, else replaced.
    func mergeList(
        _ original: [JSONValue], _ patch: [JSONValue], path: String, isDeleteList: Bool
    ) throws(PatchError) -> [JSONValue] {
        switch metadata.strategy(at: path) {
        case .mergeByKey(let key):
            return try mergeSlice(original, patch, mergeKey: key, path: path, isDeleteList: isDeleteList)
        case .mergePrimitives:
            return try mergeSlice(original, patch, mergeKey: nil, path: path, isDeleteList: isDeleteList)
        case nil:
            if isDeleteList { return deleteFromSlice(original, patch) }
            guard case .array(let cleaned) = try clean(.array(patch), path: path) else { return patch }
            return cleaned
        }
    }

    /// `strategicpatch.mergeSlice`.
    private func mergeSlice(
        _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String?, path: String, isDeleteList: Bool
    ) throws(PatchError) -> [JSONValue] {
        if original.isEmpty && patch.isEmpty { return original }
        let isMaps = try elementsAreMaps(original, patch)
        var original = original
        var patch = patch
        var merged: [JSONValue]
        if !isMaps {
            if isDeleteList { return deleteFromSlice(original, patch) }
            merged = deduplicate(original + patch)
        } else {
            guard let mergeKey else {
                throw .invalid("cannot merge lists without merge key for \(path)")
            }
            try mergeSpecialElements(&original, &patch, mergeKey: mergeKey)
            merged = original
            for item in patch {
                guard case .object(let object) = item else { throw badArgument(item) }
                guard let keyValue = object[mergeKey] else { throw noMergeKey(object, mergeKey) }
                if let index = merged.firstIndex(where: { Self.mergeKeyValue($0, mergeKey) == keyValue }),
                    case .object(let existing) = merged[index]
                {
                    if let result = try mergeMap(existing, object, path: path) {
                        merged[index] = .object(result)
                    } else {
                        merged.remove(at: index)
                    }
                } else {
                    merged.append(try clean(item, path: path))
                }
            }
        }
        let (patchItems, serverOnly) = try partition(merged, by: patch, mergeKey: mergeKey)
        return try normalizeElementOrder(patchItems, serverOnly, patchOrder: patch, serverOrder: original,
                                         mergeKey: mergeKey)
    }

    /// `$patch: delete` items remove the matching originals; `$patch: replace` replaces the list by the other items.
    private func mergeSpecialElements(
        _ original: inout [JSONValue], _ patch: inout [JSONValue], mergeKey: String
    ) throws(PatchError) {
        var plain: [JSONValue] = []
        var replace = false
        for item in patch {
            guard case .object(let object) = item else { throw badArgument(item) }
            guard let directive = object[Self.directiveMarker] else {
                plain.append(item)
                continue
            }
            switch directive {
            case .string("delete"):
                guard let keyValue = object[mergeKey] else { throw noMergeKey(object, mergeKey) }
                original.removeAll { Self.mergeKeyValue($0, mergeKey) == keyValue }
            case .string("replace"):
                replace = true
            case .string("merge"):
                throw .invalid("merging lists cannot yet be specified in the patch")
            default:
                throw .invalid("Unknown patch type: \(directive.serialized()) in map: \(item.serialized())")
            }
        }
        if replace {
            var cleaned: [JSONValue] = []
            for item in plain { cleaned.append(try clean(item, path: "")) }
            original = cleaned
            patch = []
        } else {
            patch = plain
        }
    }

    /// `$setElementOrder/<list>`: merges the list and orders it as the directive says (then patch order, then the
    /// live order for items only on the server).
    func mergeOrderedLists(_ original: inout JSONObject, _ patch: inout JSONObject, path: String) throws(PatchError) {
        for entry in patch.entries where entry.key.hasPrefix("$setElementOrder") {
            patch[entry.key] = nil
            guard entry.key.hasPrefix(Self.setElementOrderPrefix) else {
                throw .invalid("invalid patch format of setElementOrder list")
            }
            guard case .array(let order) = entry.value else {
                throw .invalid("invalid patch format of setElementOrder list")
            }
            let key = String(entry.key.dropFirst(Self.setElementOrderPrefix.count))
            let childPath = PatchMetadata.child(path, key)
            let originalList: [JSONValue]?
            switch original[key] {
            case nil, .null?: originalList = nil
            case .array(let list)?: originalList = list
            case let other?: throw badArgument(other)
            }
            let patchList: [JSONValue]?
            switch patch[key] {
            case nil: patchList = nil
            case .array(let list)?: patchList = list
            case let other?: throw badArgument(other)
            }
            let mergeKey: String?
            if case .mergeByKey(let k) = metadata.strategy(at: childPath) { mergeKey = k } else { mergeKey = nil }
            try validate(patchList ?? [], against: order, mergeKey: mergeKey)

            let merged: [JSONValue]
            switch (originalList, patchList) {
            case (let o?, nil): merged = o
            case (nil, let p?): merged = try clean(.array(p), path: childPath).arrayItems
            case (let o?, let p?): merged = try mergeList(o, p, path: childPath, isDeleteList: false)
            case (nil, nil): continue
            }
            patch[key] = nil
            if merged.isEmpty {
                original[key] = .array(merged)
                continue
            }
            let (patchItems, serverOnly) = try partition(merged, by: order, mergeKey: mergeKey)
            original[key] = .array(try normalizeElementOrder(patchItems, serverOnly, patchOrder: order,
                                                             serverOrder: originalList ?? [], mergeKey: mergeKey))
        }
    }

    /// `validatePatchWithSetOrderList`: the patch's items must appear in the directive, in the same relative order.
    private func validate(_ patchList: [JSONValue], against order: [JSONValue], mergeKey: String?) throws(PatchError) {
        if order.isEmpty || patchList.isEmpty { return }
        var items = patchList
        if mergeKey != nil {
            items = patchList.filter { $0[Self.directiveMarker] != .string("delete") }
        }
        var patchIndex = 0
        var orderIndex = 0
        while patchIndex < items.count && orderIndex < order.count {
            if case .object(let object) = items[patchIndex], object[Self.directiveMarker] != nil {
                patchIndex += 1
                continue
            }
            if try mergeKeyValueEqual(items[patchIndex], order[orderIndex], mergeKey: mergeKey) { patchIndex += 1 }
            orderIndex += 1
        }
        if patchIndex < items.count && orderIndex >= order.count {
            throw .invalid("The order in patch list:\n\(JSONValue.array(patchList).serialized())\n doesn't match "
                + "$setElementOrder list:\n\(JSONValue.array(order).serialized())\n")
        }
    }

    private func mergeKeyValueEqual(
        _ left: JSONValue, _ right: JSONValue, mergeKey: String?
    ) throws(PatchError) -> Bool {
        guard let mergeKey else { return left == right }
        guard case .object(let l) = left else { throw badArgument(left) }
        guard case .object(let r) = right else { throw badArgument(right) }
        guard let lv = l[mergeKey] else { throw noMergeKey(l, mergeKey) }
        guard let rv = r[mergeKey] else { throw noMergeKey(r, mergeKey) }
        return lv == rv
    }

    // MARK: - Ordering (normalizeElementOrder, mergeSortedSlice)

    /// Splits `items` into those present in `list` (by merge key, or by value for primitives) and the others.
    private func partition(
        _ items: [JSONValue], by list: [JSONValue], mergeKey: String?
    ) throws(PatchError) -> ([JSONValue], [JSONValue]) {
        var present: [JSONValue] = []
        var serverOnly: [JSONValue] = []
        if let mergeKey {
            let keys = list.compactMap { Self.mergeKeyValue($0, mergeKey) }
            for item in items {
                guard case .object(let object) = item else { throw badArgument(item) }
                guard let value = object[mergeKey] else { throw noMergeKey(object, mergeKey) }
                if keys.contains(value) { present.append(item) } else { serverOnly.append(item) }
            }
        } else {
            for item in items {
                if list.contains(item) { present.append(item) } else { serverOnly.append(item) }
            }
        }
        return (present, serverOnly)
    }

    private func normalizeElementOrder(
        _ patchItems: [JSONValue], _ serverOnly: [JSONValue], patchOrder: [JSONValue], serverOrder: [JSONValue],
        mergeKey: String?
    ) throws(PatchError) -> [JSONValue] {
        let sortedPatch = try normalizeSliceOrder(patchItems, order: patchOrder, mergeKey: mergeKey)
        let sortedServer = try normalizeSliceOrder(serverOnly, order: serverOrder, mergeKey: mergeKey)
        // Insert the server-only items among the patch items, keeping both relative orders; where both are in the
        // live list, the live order decides.
        var result: [JSONValue] = []
        var i = 0
        var j = 0
        while i < sortedServer.count || j < sortedPatch.count {
            if i >= sortedServer.count {
                result.append(sortedPatch[j]); j += 1
            } else if j >= sortedPatch.count {
                result.append(sortedServer[i]); i += 1
            } else {
                let li = index(of: sortedServer[i], in: serverOrder, mergeKey: mergeKey)
                let ri = index(of: sortedPatch[j], in: serverOrder, mergeKey: mergeKey)
                if let li, let ri, li < ri {
                    result.append(sortedServer[i]); i += 1
                } else {
                    result.append(sortedPatch[j]); j += 1
                }
            }
        }
        return result
    }

    /// Sorts `items` by their position in `order` (stable); `$patch: delete` items go last.
    private func normalizeSliceOrder(
        _ items: [JSONValue], order: [JSONValue], mergeKey: String?
    ) throws(PatchError) -> [JSONValue] {
        var items = items
        var deletions: [JSONValue] = []
        if let mergeKey {
            for item in items + order {
                guard case .object(let object) = item else { throw badArgument(item) }
                if object[mergeKey] == nil { throw noMergeKey(object, mergeKey) }
            }
            deletions = items.filter { $0[Self.directiveMarker] == .string("delete") }
            items = items.filter { $0[Self.directiveMarker] != .string("delete") }
        }
        let positions = items.enumerated().map { (offset: $0.offset, item: $0.element,
                                                  rank: index(of: $0.element, in: order, mergeKey: mergeKey)) }
        let sorted = positions.sorted { a, b in
            switch (a.rank, b.rank) {
            case (let x?, let y?): return x != y ? x < y : a.offset < b.offset
            case (nil, .some): return true
            case (.some, nil): return false
            case (nil, nil): return a.offset < b.offset
            }
        }
        return sorted.map(\.item) + deletions
    }

    private func index(of item: JSONValue, in list: [JSONValue], mergeKey: String?) -> Int? {
        guard let mergeKey else { return list.firstIndex(of: item) }
        let value = Self.mergeKeyValue(item, mergeKey)
        return list.firstIndex { Self.mergeKeyValue($0, mergeKey) == value }
    }

    // MARK: - Helpers

    static func mergeKeyValue(_ item: JSONValue, _ key: String) -> JSONValue? {
        if case .object(let object) = item { return object[key] }
        return nil
    }

    private func elementsAreMaps(_ lists: [JSONValue]...) throws(PatchError) -> Bool {
        var sawMap = false
        var sawOther = false
        for list in lists {
            for item in list {
                switch item {
                case .object: sawMap = true
                case .array: throw .invalid("lists of lists are not supported")
                default: sawOther = true
                }
            }
        }
        if sawMap && sawOther { throw .invalid("list element types are not identical") }
        return sawMap
    }

    private func deleteFromSlice(_ current: [JSONValue], _ toDelete: [JSONValue]) -> [JSONValue] {
        current.filter { !toDelete.contains($0) }
    }

    private func deduplicate(_ items: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        for item in items where !out.contains(item) { out.append(item) }
        return out
    }

    private func badArgument(_ value: JSONValue) -> PatchError {
        .invalid("expected a map, got \(value.serialized())")
    }

    private func noMergeKey(_ object: JSONObject, _ key: String) -> PatchError {
        .invalid("map: \(JSONValue.object(object).serialized()) does not contain declared merge key: \(key)")
    }
}

extension JSONValue {
    fileprivate var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
