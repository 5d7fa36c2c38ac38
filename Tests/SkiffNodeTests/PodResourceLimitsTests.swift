import SkiffNode
import Testing

struct PodResourceLimitsTests {
    private func container(_ name: String, limits: ResourceList = [:], requests: ResourceList = [:]) -> Container {
        Container(name: name, resources: ResourceRequirements(limits: limits, requests: requests))
    }

    @Test func sumsContainersAndTakesTheLargestInitContainer() {
        let spec = PodSpec(
            initContainers: [container("init", limits: ["memory": "1Gi", "cpu": "3"])],
            containers: [
                container("a", limits: ["memory": "256Mi", "cpu": "500m"]),
                container("b", limits: ["memory": "256Mi", "cpu": "1"]),
            ]
        )
        let limits = PodResourceLimits(spec: spec, podPidsLimit: 100)
        #expect(limits.memoryBytes == 1 << 30)
        #expect(limits.cpuMillis == 3000)
        #expect(limits.cpuRequestMillis == 3000)
        #expect(limits.pids == 100)
    }

    @Test func aContainerWithoutALimitMeansNoPodLimit() {
        let spec = PodSpec(containers: [
            container("a", limits: ["memory": "64Mi"]), container("b", limits: ["cpu": "1"]),
        ])
        let limits = PodResourceLimits(spec: spec)
        #expect(limits.memoryBytes == nil)
        #expect(limits.cpuMillis == nil)
        #expect(limits.cpuRequestMillis == 1000)
        #expect(limits.isEmpty)
    }

    @Test func convertsCPUAsTheKubeletDoes() {
        #expect(PodResourceLimits(cpuMillis: 500).cpuQuotaMicros == 50_000)
        #expect(PodResourceLimits(cpuMillis: 5).cpuQuotaMicros == 1000)
        #expect(PodResourceLimits(cpuMillis: 2500).cpuQuotaMicros == 250_000)
        #expect(PodResourceLimits().cpuQuotaMicros == nil)
        #expect(PodResourceLimits(cpuRequestMillis: 0).cpuShares == 2)
        #expect(PodResourceLimits(cpuRequestMillis: 100).cpuShares == 102)
        #expect(PodResourceLimits(cpuRequestMillis: 1000).cpuShares == 1024)
        #expect(PodResourceLimits(cpuRequestMillis: 1_000_000).cpuShares == 262_144)
        #expect(PodResourceLimits(cpuRequestMillis: 1000).cpuWeight == 39)
        #expect(PodResourceLimits(cpuRequestMillis: 0).cpuWeight == 1)
        #expect(PodResourceLimits(cpuRequestMillis: 1_000_000).cpuWeight == 10_000)
    }
}
