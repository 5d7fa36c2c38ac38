import SkiffStore
import Testing

/// Pods are admitted as the API server's `ExtendedResourceToleration` plugin admits them: a pod requesting
/// `nvidia.com/gpu` tolerates `nvidia.com/gpu:NoSchedule` taints; other pods are left alone.
struct ExtendedResourceTolerationTests {
    let store = MemoryStore(configuration: StoreConfiguration(kinds: .builtIn))

    private func pod(_ name: String, limits: ResourceList, tolerations: [Toleration] = []) -> Pod {
        Pod(
            metadata: ObjectMeta(name: name, namespace: "default"),
            spec: PodSpec(
                containers: [Container(name: "main", resources: ResourceRequirements(limits: limits))],
                tolerations: tolerations
            )
        )
    }

    @Test func gpuPodToleratesTheGPUTaint() throws {
        let created = try store.create(pod("train", limits: [.cpu: "1", .nvidiaGPU: "2"]))
        #expect(created.spec.tolerations == [Toleration(key: "nvidia.com/gpu", operator: .exists, effect: .noSchedule)])
        let taint = Taint(key: "nvidia.com/gpu", value: "present", effect: .noSchedule)
        #expect(created.spec.tolerations.contains { $0.tolerates(taint) })
    }

    @Test func cpuPodGetsNoToleration() throws {
        let created = try store.create(pod("web", limits: [.cpu: "1", .memory: "1Gi"]))
        #expect(created.spec.tolerations.isEmpty)
    }

    @Test func existingTolerationIsNotDuplicated() throws {
        let own = Toleration(key: "nvidia.com/gpu", operator: .exists, effect: .noSchedule)
        let created = try store.create(pod("train", limits: [.nvidiaGPU: "1"], tolerations: [own]))
        #expect(created.spec.tolerations == [own])
    }
}
