import Foundation
import Testing

/// Issue 6 end to end: a compute cluster in the folder and a burst of jobs aimed at it; the real skiffd adds nodes,
/// runs the jobs on them (simulated pods), removes the nodes after the idle time, and `skiffctl preempt` takes a
/// low-priority node back.
struct AutoscalerEndToEndTests {
    static func cluster(_ name: String, min: Int, max: Int, idle: Int, tier: String = "dedicated") -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json
        name: \(name)
        type: amlcompute
        size: Standard_DS3_v2
        tier: \(tier)
        min_instances: \(min)
        max_instances: \(max)
        idle_time_before_scale_down: \(idle)
        """
    }

    static func job(_ name: String, compute: String, duration: String) -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        name: \(name)
        command: python train.py
        environment: {image: python:3.12}
        compute: azureml:\(compute)
        tags: {skiff.dev/simulate-duration: \(duration)}
        """
    }

    @Test func aBurstOfJobsScalesTheClusterUpAndItShrinksBackWhenIdle() async throws {
        var files = ["cluster.yml": Self.cluster("cpu-cluster", min: 0, max: 3, idle: 2)]
        for name in ["a", "b", "c"] { files["\(name).yml"] = Self.job(name, compute: "cpu-cluster", duration: "15s") }
        try await DaemonHarness.with(files: files) { daemon in
            // Reaching 3 nodes is seen in the status or, when a loaded machine polls too late to catch the 15 s
            // window, in the scale history the cluster keeps.
            try await daemon.eventuallyObject("amlcompute", "cpu-cluster", "3 nodes") {
                $0["status"]["currentNodeCount"].number == 3 || $0["status"]["targetNodeCount"].number == 3
                    || ($0["status"]["scaleHistory"].array ?? []).contains { $0["to"].number == 3 }
            }
            let table = try await daemon.output("get", "amlcompute")
            #expect(table.contains("TARGET") && table.contains("Standard_DS3_v2"), "\(table)")
            let nodes = try await daemon.json("get", "nodes", "-l", "skiff.dev/compute=cpu-cluster")
            #expect(nodes.itemNames.allSatisfy { $0.hasPrefix("cpu-cluster-") }, "\(nodes.itemNames)")
            for name in ["a", "b", "c"] {
                try await daemon.eventuallyObject("amljob", name, "Completed") {
                    $0["status"]["phase"].string == "Completed"
                }
            }
            try await daemon.eventuallyObject("amlcompute", "cpu-cluster", "back to 0 nodes") {
                $0["status"]["currentNodeCount"].number == 0 && $0["status"]["allocationState"].string == "Steady"
            }
        }
    }

    @Test func preemptingALowPriorityNodeReplacesIt() async throws {
        let files = ["lowpri.yml": Self.cluster("lowpri", min: 1, max: 2, idle: 600, tier: "low_priority")]
        try await DaemonHarness.with(files: files) { daemon in
            var first = ""
            try await daemon.eventually("a low-priority node") {
                let nodes = try await daemon.json("get", "nodes", "-l", "skiff.dev/compute=lowpri")
                first = nodes.itemNames.first ?? ""
                return nodes.itemNames.count == 1
            }
            let preempted = try await daemon.skiffctl("preempt", first)
            #expect(preempted.succeeded, "\(preempted)")
            #expect(preempted.stdout == "node/\(first) preempted\n", "\(preempted)")
            try await daemon.eventually("a replacement node") {
                let nodes = try await daemon.json("get", "nodes", "-l", "skiff.dev/compute=lowpri")
                return nodes.itemNames.count == 1 && nodes.itemNames.first != first
            }
            let refused = try await daemon.skiffctl("preempt", "no-such-node")
            #expect(!refused.succeeded)
        }
    }
}
