import SkiffAPI
import Testing

struct StrategicMergePatchTests {
    static let pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
         "annotations":{"a":"1"},"finalizers":["x","y"]},
         "spec":{"containers":[
           {"name":"main","image":"busybox","command":["sleep","3600"],
            "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
            "ports":[{"containerPort":80,"protocol":"TCP"}],
            "volumeMounts":[{"name":"data","mountPath":"/data"}]},
           {"name":"side","image":"busybox"}],
          "tolerations":[{"key":"k1","operator":"Exists"}],
          "nodeName":"n1"},
         "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"},
                                                   {"type":"PodScheduled","status":"True"}]}}
        """

    private func apply(_ patch: String, to target: String = pod, kind: String = "Pod") throws(PatchError) -> JSONValue {
        try StrategicMergePatch.apply(json(patch), to: json(target), kind: kind)
    }

    @Test func kubectlApplyPatchOfAContainer() throws {
        // What `kubectl apply` sends for a changed command (kubectl-protocol.md §6).
        let result = try apply(#"""
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}\n"}},
             "spec":{"$setElementOrder/containers":[{"name":"main"}],
                     "containers":[{"command":["sleep","7200"],"name":"main"}]}}
            """#)
        let containers = result["spec"]?["containers"]
        #expect(containers == json(#"""
            [{"name":"main","image":"busybox","command":["sleep","7200"],
              "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
              "ports":[{"containerPort":80,"protocol":"TCP"}],
              "volumeMounts":[{"name":"data","mountPath":"/data"}]},
             {"name":"side","image":"busybox"}]
            """#))
        #expect(result["metadata"]?["annotations"]
            == json(#"{"a":"1","kubectl.kubernetes.io/last-applied-configuration":"{}\n"}"#))
        #expect(result["spec"]?["nodeName"] == .string("n1"))
        #expect(result["status"] == json(Self.pod)["status"])
    }

    @Test func cordonAndUncordon() throws {
        let node = #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{"podCIDR":"10.0.0.0/24"}}"#
        let cordoned = try apply(#"{"spec":{"unschedulable":true}}"#, to: node, kind: "Node")
        #expect(cordoned["spec"] == json(#"{"podCIDR":"10.0.0.0/24","unschedulable":true}"#))
        let uncordoned = try StrategicMergePatch.apply(json(#"{"spec":{"unschedulable":null}}"#), to: cordoned,
                                                       kind: "Node")
        #expect(uncordoned == json(node))
    }

    @Test func nullDeletesAKeyAndMapsMerge() throws {
        let result = try apply(#"{"metadata":{"labels":{"app":null,"tier":"db"},"annotations":null}}"#)
        #expect(result["metadata"]?["labels"] == json(#"{"tier":"db"}"#))
        #expect(result["metadata"]?["annotations"] == nil)
    }

    @Test func listsWithoutStrategyAreReplaced() throws {
        let result = try apply(#"{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}"#)
        #expect(result["spec"]?["tolerations"] == json(#"[{"key":"k2","operator":"Exists"}]"#))
        let command = try apply(#"{"spec":{"containers":[{"name":"main","command":["true"]}]}}"#)
        #expect(command["spec"]?["containers"]?.arrayValue?.first?["command"] == json(#"["true"]"#))
    }

    @Test func mergeByKeyAddsNewItemsAndMergesNested() throws {
        let result = try apply(#"""
            {"spec":{"containers":[{"name":"main","env":[{"name":"B","value":"20"},{"name":"C","value":"3"}],
                                    "volumeMounts":[{"mountPath":"/data","readOnly":true}]},
                                   {"name":"new","image":"alpine"}]}}
            """#)
        let containers = result["spec"]?["containers"]?.arrayValue ?? []
        #expect(containers.compactMap { $0["name"]?.stringValue } == ["main", "new", "side"])
        #expect(containers.first?["env"] == json(#"[{"name":"A","value":"1"},{"name":"B","value":"20"},{"name":"C","value":"3"}]"#))
        #expect(containers.first?["volumeMounts"] == json(#"[{"name":"data","mountPath":"/data","readOnly":true}]"#))
    }

    @Test func setElementOrderOrdersTheMergedList() throws {
        let result = try apply(#"""
            {"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"new"},{"name":"main"}],
                     "containers":[{"name":"new","image":"alpine"}]}}
            """#)
        let names = result["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["side", "new", "main"])
    }

    @Test func setElementOrderRejectsAPatchOutOfOrder() {
        #expect(throws: PatchError.self) {
            try apply(#"""
                {"spec":{"$setElementOrder/containers":[{"name":"main"},{"name":"side"}],
                         "containers":[{"name":"side","image":"a"},{"name":"main","image":"b"}]}}
                """#)
        }
    }

    @Test func patchDeleteInAList() throws {
        let result = try apply(#"{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}"#)
        #expect(result["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["main"])
        let conditions = try apply(#"{"status":{"conditions":[{"type":"Ready","$patch":"delete"}]}}"#)
        #expect(conditions["status"]?["conditions"] == json(#"[{"type":"PodScheduled","status":"True"}]"#))
    }

    @Test func patchReplaceInAList() throws {
        let result = try apply(#"{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}"#)
        #expect(result["spec"]?["containers"] == json(#"[{"name":"only","image":"x"}]"#))
    }

    @Test func patchReplaceAndDeleteInAMap() throws {
        let replaced = try apply(#"{"metadata":{"labels":{"$patch":"replace","only":"this"}}}"#)
        #expect(replaced["metadata"]?["labels"] == json(#"{"only":"this"}"#))
        let deleted = try apply(#"{"metadata":{"annotations":{"$patch":"delete"}}}"#)
        #expect(deleted["metadata"]?["annotations"] == nil)
        #expect(deleted["metadata"]?["labels"] == json(#"{"app":"web"}"#))
    }

    @Test func patchMergeInAListIsRefused() {
        #expect(throws: PatchError.invalid("merging lists cannot yet be specified in the patch")) {
            try apply(#"{"spec":{"containers":[{"name":"main","image":"x"},{"$patch":"merge"}]}}"#)
        }
    }

    @Test func primitiveMergeListsAndDeleteFromPrimitiveList() throws {
        let added = try apply(#"{"metadata":{"finalizers":["z","x"]}}"#)
        #expect(added["metadata"]?["finalizers"] == json(#"["z","x","y"]"#))
        let ordered = try apply(#"{"metadata":{"$setElementOrder/finalizers":["x","z","y"],"finalizers":["z"]}}"#)
        #expect(ordered["metadata"]?["finalizers"] == json(#"["x","z","y"]"#))
        let deleted = try apply(#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}}"#)
        #expect(deleted["metadata"]?["finalizers"] == json(#"["y"]"#))
        let both = try apply(#"""
            {"metadata":{"$setElementOrder/finalizers":["y","w"],"$deleteFromPrimitiveList/finalizers":["x"],
                         "finalizers":["w"]}}
            """#)
        #expect(both["metadata"]?["finalizers"] == json(#"["y","w"]"#))
    }

    @Test func retainKeysClearsOtherFields() throws {
        let target = #"""
            {"kind":"Pod","spec":{"volumes":[{"name":"data","hostPath":{"path":"/d"}}]}}
            """#
        let result = try apply(#"""
            {"spec":{"volumes":[{"name":"data","emptyDir":{},"$retainKeys":["emptyDir","name"]}]}}
            """#, to: target)
        #expect(result["spec"]?["volumes"] == json(#"[{"name":"data","emptyDir":{}}]"#))
        #expect(throws: PatchError.invalid("invalid patch format of retainKeys")) {
            try apply(#"{"spec":{"volumes":[{"name":"data","emptyDir":{},"$retainKeys":["name"]}]}}"#, to: target)
        }
    }

    @Test func nodeAddressesAndConditionsMergeByType() throws {
        let node = #"""
            {"kind":"Node","metadata":{"name":"n1"},"spec":{"taints":[{"key":"a","effect":"NoSchedule"}]},
             "status":{"addresses":[{"type":"Hostname","address":"n1"}],
                       "conditions":[{"type":"Ready","status":"True"}]}}
            """#
        let result = try apply(#"""
            {"spec":{"taints":[{"key":"b","effect":"NoExecute"}]},
             "status":{"addresses":[{"type":"InternalIP","address":"10.0.0.1"}],
                       "conditions":[{"type":"Ready","status":"False"}]}}
            """#, to: node, kind: "Node")
        // Taints have no patch strategy: replaced.
        #expect(result["spec"]?["taints"] == json(#"[{"key":"b","effect":"NoExecute"}]"#))
        // Without `$setElementOrder`, items new to the list go before the server-only ones (mergeSortedSlice).
        #expect(result["status"]?["addresses"]
            == json(#"[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"n1"}]"#))
        #expect(result["status"]?["conditions"] == json(#"[{"type":"Ready","status":"False"}]"#))
    }

    @Test func newKeysAreCleanedOfDirectivesAndNulls() throws {
        let result = try apply(#"{"spec":{"affinity":{"nodeAffinity":null,"podAffinity":{"x":1}}}}"#)
        #expect(result["spec"]?["affinity"] == json(#"{"podAffinity":{"x":1}}"#))
    }

    @Test func missingMergeKeyIsAnError() {
        #expect(throws: PatchError.self) {
            try apply(#"{"spec":{"containers":[{"image":"x"}]}}"#)
        }
    }

    @Test func unknownKindsAreUnsupported() {
        do {
            _ = try apply(#"{"spec":{}}"#, to: #"{"kind":"InstanceType"}"#, kind: "InstanceType")
            Issue.record("expected unsupported")
        } catch {
            guard case .unsupported = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
    }

    /// Cases from strategicpatch's patch_test.go (`mergingList` keyed by `name`, here Pod containers).
    @Test func portedDeleteAndAddInOnePatch() throws {
        let original = #"{"spec":{"containers":[{"name":"1","value":"1"},{"name":"2","value":"2"},{"name":"3","value":"3"}]}}"#
        let result = try apply(#"""
            {"spec":{"$setElementOrder/containers":[{"name":"1"},{"name":"4"},{"name":"3"}],
                     "containers":[{"name":"4","value":"4"},{"name":"2","$patch":"delete"}]}}
            """#, to: original)
        #expect(result["spec"]?["containers"]
            == json(#"[{"name":"1","value":"1"},{"name":"4","value":"4"},{"name":"3","value":"3"}]"#))
    }

    @Test func portedServerOnlyItemsKeepTheirPlace() throws {
        // mergeSortedSlice: server-only items (3, 5) go in before the first patch item that follows them in the
        // live list; the patch items keep the directive's order.
        let original = #"""
            {"spec":{"containers":[{"name":"1"},{"name":"2"},{"name":"3"},{"name":"4"},{"name":"5"}]}}
            """#
        let result = try apply(#"""
            {"spec":{"$setElementOrder/containers":[{"name":"1"},{"name":"4"},{"name":"2"}],
                     "containers":[{"name":"1","v":"a"}]}}
            """#, to: original)
        let names = result["spec"]?["containers"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["1", "3", "4", "2", "5"])
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

/// Server-side ("ThreeWay" patch onto "Current") cases from strategicpatch's patch_test.go, with its test type's
/// `mergingList` (merge key `name`) played by a pod's containers, `mergingIntList` by a node's podCIDRs and
/// `retainKeysMap` by a pod's `spec.securityContext`.
struct StrategicMergePatchPortedTests {
    private func containers(_ current: String, _ patch: String) throws(PatchError) -> JSONValue? {
        try StrategicMergePatch.apply(json(#"{"spec":{"$setElementOrder/containers":\#(patch)}}"#),
                                      to: json(#"{"kind":"Pod","spec":{"containers":\#(current)}}"#),
                                      kind: "Pod")["spec"]?["containers"]
    }

    private func cidrs(_ current: String, _ patch: String) throws(PatchError) -> JSONValue? {
        try StrategicMergePatch.apply(json(#"{"spec":\#(patch)}"#),
                                      to: json(#"{"kind":"Node","spec":{"podCIDRs":\#(current)}}"#),
                                      kind: "Node")["spec"]?["podCIDRs"]
    }

    @Test func setElementsOrderInAList() throws {
        let result = try containers(#"[{"name":"1","other":"a"},{"name":"3","value":"3"},{"name":"4","value":"4"},{"name":"2","value":"2"}]"#,
                                    #"[{"name":"4"},{"name":"2"},{"name":"3"},{"name":"1"}]"#)
        #expect(result == json(#"[{"name":"4","value":"4"},{"name":"2","value":"2"},{"name":"3","value":"3"},{"name":"1","other":"a"}]"#))
    }

    @Test func setElementsOrderInAListWithServerOnlyItems() throws {
        let result = try containers(#"[{"name":"1","other":"a"},{"name":"3","value":"3"},{"name":"4","value":"4"},{"name":"2","value":"2"},{"name":"9"}]"#,
                                    #"[{"name":"4"},{"name":"2"},{"name":"3"},{"name":"1"}]"#)
        #expect(result == json(#"[{"name":"4","value":"4"},{"name":"2","value":"2"},{"name":"3","value":"3"},{"name":"1","other":"a"},{"name":"9"}]"#))
    }

    @Test func setElementsOrderInAnIntListWithServerOnlyItems() throws {
        let result = try cidrs("[1,3,4,2,9]", #"{"$setElementOrder/podCIDRs":[4,2,3,1]}"#)
        #expect(result == json("[4,2,3,1,9]"))
    }

    @Test func setElementOrderForAnIntListWithDuplicates() throws {
        let result = try cidrs("[1,2,3,2,4]", #"{"$setElementOrder/podCIDRs":[2,1,4,3,2]}"#)
        #expect(result == json("[2,2,1,4,3]"))
    }

    @Test func deleteFromAnIntListWithSetElementOrder() throws {
        let result = try cidrs("[1,2,3]", #"""
            {"$setElementOrder/podCIDRs":[4,2,1],"podCIDRs":[4],"$deleteFromPrimitiveList/podCIDRs":[3]}
            """#)
        #expect(result == json("[4,2,1]"))
    }

    private func retainKeysMap(_ current: String, _ patch: String) throws(PatchError) -> JSONValue? {
        try StrategicMergePatch.apply(json(#"{"spec":{"securityContext":\#(patch)}}"#),
                                      to: json(#"{"kind":"Pod","spec":{"securityContext":\#(current)}}"#),
                                      kind: "Pod")["spec"]?["securityContext"]
    }

    @Test func retainKeysMapClearsAField() throws {
        #expect(try retainKeysMap(#"{"name":"foo","value":"bar","other":"a"}"#, #"{"$retainKeys":["name","value"]}"#)
            == json(#"{"name":"foo","value":"bar"}"#))
    }

    @Test func retainKeysMapDeletesAFieldAndClearsAField() throws {
        #expect(try retainKeysMap(#"{"name":"foo","value":"bar","other":"a"}"#,
                                  #"{"$retainKeys":["name"],"value":null}"#) == json(#"{"name":"foo"}"#))
    }

    @Test func retainKeysMapAddsAFieldInANestedMap() throws {
        let result = try retainKeysMap(#"{"name":"foo","value":"bar","simpleMap":{"key1":"a","key3":"c"}}"#,
                                       #"{"$retainKeys":["name","simpleMap","value"],"simpleMap":{"key2":"b"}}"#)
        #expect(result == json(#"{"name":"foo","value":"bar","simpleMap":{"key1":"a","key3":"c","key2":"b"}}"#))
    }

    @Test func retainKeysMapClearsDefaultedFieldWithConflict() throws {
        let result = try retainKeysMap(#"{"name":"type1","value":"foo"}"#,
                                       #"{"$retainKeys":["name","other"],"name":"type2","other":"bar"}"#)
        #expect(result == json(#"{"name":"type2","other":"bar"}"#))
    }
}

extension StrategicMergePatchTests {
    @Test func aNewListIsCleanedOfDirectives() throws {
        let result = try StrategicMergePatch.apply(
            json(#"{"spec":{"containers":[{"name":"x","env":null},{"$patch":"replace"}],"initContainers":[{"name":"i","$patch":"delete"}]}}"#),
            to: json(#"{"kind":"Pod","spec":{}}"#), kind: "Pod")
        #expect(result["spec"] == json(#"{"containers":[{"name":"x"}],"initContainers":[]}"#))
    }
}
