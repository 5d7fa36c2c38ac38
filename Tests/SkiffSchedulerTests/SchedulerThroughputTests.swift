import SkiffScheduler
import Testing

/// A quick throughput measurement; it prints and asserts only that the work was done (no timed assertion).
struct SchedulerThroughputTests {
    @Test func podsPerSecondAtOneThousandNodes() throws {
        let nodes = (0..<1000).map { index in
            Fixtures.node(
                "node-\(index)",
                cpu: "32",
                memory: "128Gi",
                gpus: 8,
                labels: ["pool": index % 2 == 0 ? "a" : "b"]
            )
        }
        let harness = try Harness(nodes: nodes)
        let count = 1000
        for index in 0..<count {
            let gpus: [ResourceName: Quantity] = index % 4 == 0 ? [.nvidiaGPU: 1] : [:]
            try harness.create(
                Fixtures.pod(
                    "p\(index)",
                    requests: [.cpu: "500m", .memory: "1Gi"],
                    limits: gpus,
                    nodeSelector: index % 3 == 0 ? ["pool": "a"] : [:]
                )
            )
        }
        let clock = ContinuousClock()
        let start = clock.now
        let results = harness.settle()
        let elapsed = clock.now - start
        let placed = results.flatMap(\.placements).count
        #expect(placed == count)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "scheduler throughput: \(placed) pods on 1000 nodes in \(elapsed) = \(Int(Double(placed) / seconds)) pods/s"
        )
    }
}
