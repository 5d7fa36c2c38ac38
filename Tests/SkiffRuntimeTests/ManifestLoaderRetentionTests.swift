import Foundation
import SkiffRuntime
import Testing

/// A manifest read again must not undo what controllers wrote outside status.
struct ManifestLoaderRetentionTests {
    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: default}
        spec:
          containers: [{name: main, image: busybox}]

        """

    @Test func finalizersAndABindingSurviveTheFileBeingReadAgain() throws {
        let folder = try TemporaryFolder()
        let registry = KindRegistry([Namespace.self, Pod.self, Event.self])
        let store = MemoryStore(configuration: StoreConfiguration(kinds: registry))
        let loader = ManifestLoader(
            root: folder.path,
            store: store,
            decoder: ManifestDecoder(registry: registry),
            now: { Timestamp(seconds: 1_700_000_000) }
        )
        try folder.write("pod.yaml", Self.pod)
        loader.handle([.upserted(folder.at("pod.yaml"))])
        var pod = try #require(store.get(Pod.self, namespace: "default", name: "p"))
        pod.spec.nodeName = "node-a"
        pod.metadata.finalizers = ["example.com/runtime"]
        pod = try store.update(pod)
        pod.status.phase = .running
        _ = try store.updateStatus(pod)

        try folder.write("pod.yaml", Self.pod.replacingOccurrences(of: "namespace: default", with: "namespace: default, labels: {a: b}"))
        loader.handle([.upserted(folder.at("pod.yaml"))])
        let after = try #require(store.get(Pod.self, namespace: "default", name: "p"))
        #expect(after.metadata.labels == ["a": "b"])
        #expect(after.spec.nodeName == "node-a")
        #expect(after.metadata.finalizers == ["example.com/runtime"])
        #expect(after.status.phase == .running)
    }
}
