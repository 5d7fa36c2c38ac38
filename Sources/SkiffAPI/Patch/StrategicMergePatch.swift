/// Strategic merge patch (`application/strategic-merge-patch+json`) for the core kinds, as
/// `k8s.io/apimachinery/pkg/util/strategicpatch` applies it on the server (`StrategicMergeMapPatch`): maps merge,
/// `null` deletes a key, lists with a merge strategy merge by their merge key (or as a set of primitives), other
/// lists are replaced; the directives `$patch` (`replace`/`delete` in maps, `replace`/`delete` in list items),
/// `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` are honoured.
public enum StrategicMergePatch {
    /// `kind` is the core kind's name (Pod, Node, Namespace, Event); unknown kinds → PatchError.unsupported (the API
    /// answers 415 as Kubernetes does for custom resources).
    public static func apply(_ patch: JSONValue, to target: JSONValue, kind: String) throws(PatchError) -> JSONValue {
        guard let metadata = PatchMetadata.forKind(kind) else {
            throw .unsupported("strategic merge patch is not supported for kind \(kind); use a JSON merge patch "
                + "(application/merge-patch+json) or a JSON patch (application/json-patch+json)")
        }
        guard case .object(let patchObject) = patch else {
            throw .invalid("invalid JSON document: a strategic merge patch must be a JSON object")
        }
        let targetObject: JSONObject
        switch target {
        case .object(let object): targetObject = object
        case .null: targetObject = JSONObject()
        default: throw .invalid("invalid JSON document: the patched object must be a JSON object")
        }
        let merger = StrategicMerger(metadata: metadata)
        return .object(try merger.mergeMap(targetObject, patchObject, path: "") ?? JSONObject())
    }
}

/// The merge itself, following `strategicpatch.mergeMap` with `MergeParallelList` and `IgnoreUnmatchedNulls` set
/// (the server side).
struct StrategicMerger {
    static let directiveMarker = "$patch"
    static let retainKeysDirective = "$retainKeys"
    static let setElementOrderPrefix = "$setElementOrder/"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"

    let metadata: PatchMetadata

    /// Merges `patch` into `original`. Returns nil for `$patch: delete` (the caller drops the key).
    func mergeMap(_ original: JSONObject, _ patch: JSONObject, path: String) throws(PatchError) -> JSONObject? {
        var patch = patch
        if let directive = patch[Self.directiveMarker] {
            switch directive {
            case .string("replace"):
                patch[Self.directiveMarker] = nil
                return try clean(patch, path: path)
            case .string("delete"):
                return nil
            default:
                throw .invalid("Unknown patch type: \(directive.serialized()) in map: "
                    + JSONValue.object(patch).serialized())
            }
        }
        var original = original
        try applyRetainKeys(&original, &patch)
        try mergeOrderedLists(&original, &patch, path: path)

        for entry in patch.entries {
            var key = entry.key
            var isDeleteList = false
            if key.hasPrefix(Self.deleteFromPrimitiveListPrefix) {
                key = String(key.dropFirst(Self.deleteFromPrimitiveListPrefix.count))
                isDeleteList = true
            } else if key.hasPrefix("$deleteFromPrimitiveList") {
                throw .invalid("invalid patch format of primitive list")
            }
            let childPath = PatchMetadata.child(path, key)
            let patchValue = entry.value
            if patchValue == .null {
                original[key] = nil
                continue
            }
            guard let originalValue = original[key] else {
                // A deletion list for a list that is not there has nothing to delete.
                if !isDeleteList { original[key] = try clean(patchValue, path: childPath) }
                continue
            }
            switch (originalValue, patchValue) {
            case (.object(let originalObject), .object(let patchObject)):
                original[key] = try mergeMap(originalObject, patchObject, path: childPath).map(JSONValue.object)
            case (.array(let originalList), .array(let patchList)):
                original[key] = .array(try mergeList(originalList, patchList, path: childPath,
                                                     isDeleteList: isDeleteList))
            default:
                original[key] = isDeleteList ? originalValue : try clean(patchValue, path: childPath)
            }
        }
        return original
    }

    /// `$retainKeys`: keys of `original` missing from the list are cleared; every key the patch sets must be listed.
    private func applyRetainKeys(_ original: inout JSONObject, _ patch: inout JSONObject) throws(PatchError) {
        guard let retain = patch[Self.retainKeysDirective] else { return }
        patch[Self.retainKeysDirective] = nil
        guard case .array(let items) = retain else { throw .invalid("invalid patch format of retainKeys") }
        let keys = Set(items.compactMap(\.stringValue))
        guard keys.count == items.count else { throw .invalid("invalid patch format of retainKeys") }
        for entry in patch.entries where entry.value != .null {
            if entry.key.hasPrefix("$deleteFromPrimitiveList") || entry.key.hasPrefix("$setElementOrder") { continue }
            if !keys.contains(entry.key) { throw .invalid("invalid patch format of retainKeys") }
        }
        for entry in original.entries where !keys.contains(entry.key) {
            original[entry.key] = nil
        }
    }

    /// Removes directives and null keys from a value that is not merged with anything (a new key, a replaced list).
    func clean(_ value: JSONValue, path: String) throws(PatchError) -> JSONValue {
        switch value {
        case .object(let object):
            return try clean(object, path: path).map(JSONValue.object) ?? .object(JSONObject())
        case .array(let items):
            var out: [JSONValue] = []
            for item in items {
                if case .object(var object) = item, let directive = object[Self.directiveMarker] {
                    // `$patch: delete` has nothing to delete here; a bare `{"$patch": "replace"}` marks the list.
                    object[Self.directiveMarker] = nil
                    if directive == .string("delete") || object.isEmpty { continue }
                    out.append(try clean(.object(object), path: path))
                } else {
                    out.append(try clean(item, path: path))
                }
            }
            return .array(out)
        default:
            return value
        }
    }

    private func clean(_ object: JSONObject, path: String) throws(PatchError) -> JSONObject? {
        try mergeMap(JSONObject(), object, path: path)
    }
}
