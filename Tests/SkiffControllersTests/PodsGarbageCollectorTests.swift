import Foundation
import SkiffControllers
import Testing

extension ControlPlaneSuite {
    /// Pods whose owners are gone are deleted, whatever the owner's kind.
    struct PodsGarbageCollectorTests {
        static func ownedPod(_ name: String, owner: String, uid: String, apiVersion: String = "amlarc.azureml.com/v1alpha1",
                             kind: String = "InstanceType") -> Pod {
            var meta = ObjectMeta(name: name, namespace: "default")
            meta.ownerReferences = [OwnerReference(apiVersion: apiVersion, kind: kind, name: owner, uid: uid)]
            return Pod(
                metadata: meta,
                spec: PodSpec(containers: [Container(name: "main", image: "busybox")])
            )
        }

        @Test func podsOfADeletedOwnerAreDeleted() async throws {
            let h = try await ControlPlaneHarness()
            try h.apply("""
                apiVersion: amlarc.azureml.com/v1alpha1
                kind: InstanceType
                metadata: {name: owner}
                spec: {resources: {limits: {cpu: "1", memory: 1Gi}}}
                """)
            let owner = try #require(h.store.get(ObjectKey(InstanceType.resource.groupKind, name: "owner")))
            _ = try h.store.create(Self.ownedPod("child-1", owner: "owner", uid: owner.metadata.uid))
            _ = try h.store.create(Self.ownedPod("child-2", owner: "owner", uid: owner.metadata.uid))
            _ = try h.store.create(Self.ownedPod("stale", owner: "owner", uid: "an-older-owner"))
            _ = try h.store.create(Self.ownedPod("unknown-kind", owner: "x", uid: "u", apiVersion: "example.com/v1", kind: "Thing"))
            _ = try h.store.create(Pod(metadata: ObjectMeta(name: "free", namespace: "default"),
                                       spec: PodSpec(containers: [Container(name: "main", image: "busybox")])))
            await h.settle()
            #expect(h.pod("stale") == nil, "an owner re-created with another uid is not the owner")
            #expect(h.pod("child-1") != nil && h.pod("child-2") != nil)
            _ = try h.store.delete(owner.key)
            await h.settle()
            #expect(h.pod("child-1") == nil && h.pod("child-2") == nil)
            #expect(h.pod("unknown-kind") != nil)
            #expect(h.pod("free") != nil)
        }

        @Test func theSweepAtStartFindsPodsWhoseOwnerWentWhileTheDaemonWasDown() async throws {
            let h = try await ControlPlaneHarness(beforeStart: { _, store in
                _ = try store.create(Self.ownedPod("left-over", owner: "gone", uid: "gone-uid"))
            })
            await h.settle()
            #expect(h.pod("left-over") == nil)
        }
    }
}
