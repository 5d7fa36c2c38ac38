import SkiffAPI
import Testing

struct ServerSideApplyTests {
    static let t1 = "2026-11-24T01:00:00Z"
    static let t2 = "2026-11-24T02:00:00Z"

    static let instanceType = #"""
        {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small",
         "labels":{"app":"a","tier":"1"}},"spec":{"resources":{"limits":{"cpu":"2","memory":"4Gi"}}}}
        """#

    private func managedFields(_ object: JSONValue) -> [ManagedFieldsEntry] {
        guard case .array(let items)? = object["metadata"]?["managedFields"] else { return [] }
        return items.compactMap(ManagedFieldsEntry.init(json:))
    }

    @Test func createOwnsTheAppliedFields() throws {
        let result = try ServerSideApply.apply(json(Self.instanceType), to: nil, manager: "kubectl", force: false,
                                               now: Self.t1)
        #expect(result["spec"] == json(Self.instanceType)["spec"])
        let entries = managedFields(result)
        #expect(entries.count == 1)
        #expect(entries.first?.manager == "kubectl")
        #expect(entries.first?.operation == "Apply")
        #expect(entries.first?.apiVersion == "amlarc.azureml.com/v1alpha1")
        #expect(entries.first?.time == Self.t1)
        #expect(entries.first?.fieldsV1 == json(#"""
            {"f:metadata":{"f:labels":{"f:app":{},"f:tier":{}}},
             "f:spec":{"f:resources":{"f:limits":{"f:cpu":{},"f:memory":{}}}}}
            """#))
        #expect(result["metadata"]?["managedFields"]?.arrayValue?.first?["fieldsType"] == .string("FieldsV1"))
    }

    @Test func keyedListsUseKeysAndDots() throws {
        let pod = #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","finalizers":["f1"]},
             "spec":{"containers":[{"name":"main","image":"busybox","command":["sleep","1"],
                                    "ports":[{"containerPort":80}]}],
                     "tolerations":[{"key":"k","operator":"Exists"}]}}
            """#
        let result = try ServerSideApply.apply(json(pod), to: nil, manager: "kubectl", force: false, now: Self.t1)
        #expect(managedFields(result).first?.fieldsV1 == json(#"""
            {"f:metadata":{"f:finalizers":{"v:\"f1\"":{}}},
             "f:spec":{"f:containers":{"k:{\"name\":\"main\"}":{".":{},"f:command":{},"f:image":{},"f:name":{},
                 "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}},
               "f:tolerations":{}}}
            """#))
    }

    @Test func reapplyWithoutAFieldRemovesIt() throws {
        let created = try ServerSideApply.apply(json(Self.instanceType), to: nil, manager: "kubectl", force: false,
                                                now: Self.t1)
        let smaller = #"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small",
             "labels":{"app":"a"}},"spec":{"resources":{"limits":{"cpu":"2"}}}}
            """#
        let result = try ServerSideApply.apply(json(smaller), to: created, manager: "kubectl", force: false,
                                               now: Self.t2)
        #expect(result["metadata"]?["labels"] == json(#"{"app":"a"}"#))
        #expect(result["spec"] == json(#"{"resources":{"limits":{"cpu":"2"}}}"#))
        #expect(managedFields(result).first?.fieldsV1 == json(#"""
            {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:resources":{"f:limits":{"f:cpu":{}}}}}
            """#))
        #expect(managedFields(result).first?.time == Self.t2)
    }

    @Test func aFieldOwnedByAnotherManagerIsNotRemoved() throws {
        let created = try ServerSideApply.apply(json(Self.instanceType), to: nil, manager: "a", force: false,
                                                now: Self.t1)
        // Manager b applies the same tier: shared ownership, no conflict.
        let shared = try ServerSideApply.apply(json(#"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small",
             "labels":{"tier":"1"}}}
            """#), to: created, manager: "b", force: false, now: Self.t2)
        #expect(managedFields(shared).count == 2)
        // a stops applying the tier: b still owns it, so it stays.
        let result = try ServerSideApply.apply(json(#"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small",
             "labels":{"app":"a"}},"spec":{"resources":{"limits":{"cpu":"2","memory":"4Gi"}}}}
            """#), to: shared, manager: "a", force: false, now: Self.t2)
        #expect(result["metadata"]?["labels"] == json(#"{"app":"a","tier":"1"}"#))
    }

    @Test func conflictWithAnotherApplier() throws {
        let created = try ServerSideApply.apply(json(Self.instanceType), to: nil, manager: "a", force: false,
                                                now: Self.t1)
        let change = #"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small"},
             "spec":{"resources":{"limits":{"cpu":"4"}}}}
            """#
        #expect(throws: PatchError.conflict(#"Apply failed with 1 conflict: conflict with "a": .spec.resources.limits.cpu"#)) {
            try ServerSideApply.apply(json(change), to: created, manager: "b", force: false, now: Self.t2)
        }
        // Forced: the value changes and ownership moves to b.
        let forced = try ServerSideApply.apply(json(change), to: created, manager: "b", force: true, now: Self.t2)
        #expect(forced["spec"]?["resources"]?["limits"]?["cpu"] == .string("4"))
        let entries = managedFields(forced)
        #expect(entries.first { $0.manager == "a" }?.fieldsV1 == json(#"""
            {"f:metadata":{"f:labels":{"f:app":{},"f:tier":{}}},"f:spec":{"f:resources":{"f:limits":{"f:memory":{}}}}}
            """#))
        #expect(entries.first { $0.manager == "b" }?.fieldsV1 == json(#"""
            {"f:spec":{"f:resources":{"f:limits":{"f:cpu":{}}}}}
            """#))
    }

    @Test func conflictWithAnUpdaterNamesItsVersionAndTime() throws {
        let old = json(#"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small"}}
            """#)
        let created = ServerSideApply.recordUpdate(old: nil, new: json(Self.instanceType),
                                                   manager: "kubectl-client-side-apply", now: Self.t1)
        _ = old
        let change = #"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small",
             "labels":{"tier":"2"}},"spec":{"resources":{"limits":{"cpu":"4"}}}}
            """#
        do {
            _ = try ServerSideApply.apply(json(change), to: created, manager: "kubectl", force: false, now: Self.t2)
            Issue.record("expected a conflict")
        } catch {
            #expect(error == .conflict("""
                Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using \
                amlarc.azureml.com/v1alpha1 at \(Self.t1):
                - .metadata.labels.tier
                - .spec.resources.limits.cpu
                """))
        }
    }

    @Test func recordUpdateOwnsTheChangedFields() throws {
        let created = ServerSideApply.recordUpdate(old: nil, new: json(Self.instanceType),
                                                   manager: "kubectl-create", now: Self.t1)
        let entries = managedFields(created)
        #expect(entries.count == 1)
        #expect(entries.first?.operation == "Update")
        #expect(entries.first?.fieldsV1 == json(#"""
            {"f:metadata":{"f:labels":{".":{},"f:app":{},"f:tier":{}}},
             "f:spec":{"f:resources":{".":{},"f:limits":{".":{},"f:cpu":{},"f:memory":{}}}}}
            """#))
        // kubectl label changes one label: it owns that label, kubectl-create loses it.
        var labelled = created
        if case .object(var root) = labelled, case .object(var meta)? = root["metadata"] {
            meta["labels"] = json(#"{"app":"b","tier":"1"}"#)
            root["metadata"] = .object(meta)
            labelled = .object(root)
        }
        let updated = ServerSideApply.recordUpdate(old: created, new: labelled, manager: "kubectl-label",
                                                   now: Self.t2)
        let after = managedFields(updated)
        #expect(after.first { $0.manager == "kubectl-label" }?.fieldsV1
            == json(#"{"f:metadata":{"f:labels":{"f:app":{}}}}"#))
        #expect(after.first { $0.manager == "kubectl-create" }?.fieldsV1 == json(#"""
            {"f:metadata":{"f:labels":{".":{},"f:tier":{}}},
             "f:spec":{"f:resources":{".":{},"f:limits":{".":{},"f:cpu":{},"f:memory":{}}}}}
            """#))
        #expect(after.map(\.manager) == ["kubectl-create", "kubectl-label"])
    }

    @Test func applyWithoutChangesSharesAndKeepsTheObject() throws {
        let created = try ServerSideApply.apply(json(Self.instanceType), to: nil, manager: "a", force: false,
                                                now: Self.t1)
        let again = try ServerSideApply.apply(json(Self.instanceType), to: created, manager: "b", force: false,
                                              now: Self.t2)
        #expect(again["spec"] == created["spec"])
        #expect(managedFields(again).map(\.manager) == ["a", "b"])
    }
}

extension ServerSideApplyTests {
    @Test func anUnmanagedObjectIsOwnedBeforeFirstApply() throws {
        // An object declared in a file has no managedFields: changing its values conflicts, adding fields does not.
        let live = json(Self.instanceType)
        let change = #"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small"},
             "spec":{"resources":{"limits":{"cpu":"8"}}}}
            """#
        #expect(throws: PatchError.conflict("""
            Apply failed with 1 conflict: conflict with "before-first-apply" using amlarc.azureml.com/v1alpha1 \
            at \(Self.t1): .spec.resources.limits.cpu
            """)) {
            try ServerSideApply.apply(json(change), to: live, manager: "kubectl", force: false, now: Self.t1)
        }
        let add = #"""
            {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"small",
             "labels":{"extra":"yes"}}}
            """#
        let added = try ServerSideApply.apply(json(add), to: live, manager: "kubectl", force: false, now: Self.t1)
        #expect(added["metadata"]?["labels"] == json(#"{"app":"a","tier":"1","extra":"yes"}"#))
        #expect(managedFields(added).map(\.manager) == ["kubectl", "before-first-apply"])
    }

    @Test func keyedListItemsMergeAndConflictByKey() throws {
        let pod = #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"main","image":"busybox:1"}]}}
            """#
        let created = try ServerSideApply.apply(json(pod), to: nil, manager: "a", force: false, now: Self.t1)
        let sidecar = #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"side","image":"busybox:2"}]}}
            """#
        let both = try ServerSideApply.apply(json(sidecar), to: created, manager: "b", force: false, now: Self.t2)
        #expect(both["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["main", "side"])
        let conflicting = #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"main","image":"busybox:3"}]}}
            """#
        #expect(throws: PatchError.conflict(
            #"Apply failed with 1 conflict: conflict with "a": .spec.containers[name="main"].image"#)) {
            try ServerSideApply.apply(json(conflicting), to: both, manager: "b", force: false, now: Self.t2)
        }
        // b stops applying its sidecar: the item is removed.
        let dropped = try ServerSideApply.apply(json(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}"#),
                                                to: both, manager: "b", force: false, now: Self.t2)
        #expect(dropped["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["main"])
    }
}

extension ServerSideApplyTests {
    @Test func statusIsNeitherAppliedNorOwned() throws {
        let live = json(#"{"apiVersion":"v1","kind":"Node","metadata":{"name":"n"},"status":{"phase":"Running"}}"#)
        let applied = json(#"""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"n","labels":{"a":"b"}},"status":{"phase":"Gone"}}
            """#)
        let result = try ServerSideApply.apply(applied, to: live, manager: "kubectl", force: false, now: Self.t1)
        #expect(result["status"] == json(#"{"phase":"Running"}"#))
        #expect(managedFields(result).first { $0.manager == "kubectl" }?.fieldsV1
            == json(#"{"f:metadata":{"f:labels":{"f:a":{}}}}"#))
    }
}
