import Foundation
import SkiffControllers
import Testing

/// `skiffctl plan`'s engine: a folder loaded as skiffd loads it, planned on its declared nodes with simulated time.
struct OfflinePlannerTests {
    static func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString)").path
        for (name, text) in files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return root
    }

    static func node(_ name: String, gpus: Int, labels: String = "") -> String {
        """
        apiVersion: v1
        kind: Node
        metadata:
          name: \(name)
          labels:
            kubernetes.io/os: linux\(labels)
        status:
          capacity:
            cpu: "16"
            memory: 64Gi
            nvidia.com/gpu: "\(gpus)"
        """
    }

    static func pod(_ name: String, gpus: Int, duration: String? = nil, selector: String = "") -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: \(name)
          namespace: default
        \(duration.map { "  annotations:\n    skiff.dev/simulate-duration: \($0)" } ?? "")
        spec:
        \(selector)
          containers:
            - name: main
              image: busybox
              command: ["sleep", "1"]
              resources:
                limits:
                  nvidia.com/gpu: \(gpus)
        """
    }

    @Test func queuedPodsArePlannedAsEarlierOnesFinish() throws {
        let root = try Self.folder([
            "node.yaml": Self.node("gpu-0", gpus: 2),
            "a.yaml": Self.pod("a", gpus: 1, duration: "10m"),
            "b.yaml": Self.pod("b", gpus: 1),
            "c.yaml": Self.pod("c", gpus: 1, duration: "5m"),
            "d.yaml": Self.pod("d", gpus: 1, duration: "1h"),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try OfflinePlanner(folder: root).run()
        #expect(report.errors.isEmpty, "\(report.errors)")
        // Two GPUs: two of a, b, c run first; each later one takes a device freed by a pod that finished.
        #expect(Set(report.placements.map(\.pod)) == ["a", "b", "c", "d"], "\(report.text)")
        #expect(report.pending.isEmpty, "\(report.text)")
        #expect(report.placements.allSatisfy { $0.node == "gpu-0" && $0.devices["nvidia.com/gpu"]?.count == 1 })
        let running = report.placements.filter { $0.phase == "Running" }
        #expect(running.map(\.pod) == ["b"], "\(report.text)")
        #expect(report.simulated >= .seconds(600), "\(report.simulated)")
    }

    @Test func unplaceablePodSaysWhyAndJobsReportTheirStatus() throws {
        let root = try Self.folder([
            "node.yaml": Self.node("gpu-0", gpus: 1, labels: "\n    pool: small"),
            "big.yaml": Self.pod("big", gpus: 2),
            "picky.yaml": Self.pod("picky", gpus: 1, selector: "  nodeSelector:\n    pool: large"),
            "job.yml": """
                $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
                name: lost
                type: command
                command: echo hi
                environment:
                  image: python
                compute: azureml:nowhere
                """,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try OfflinePlanner(folder: root).run()
        #expect(report.placements.isEmpty, "\(report.text)")
        let pending = Dictionary(uniqueKeysWithValues: report.pending.map { ($0.pod, $0.message) })
        #expect(pending["big"]?.hasPrefix("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.") == true, "\(pending)")
        #expect(
            pending["picky"]?.hasPrefix("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.")
                == true,
            "\(pending)"
        )
        let job = try #require(report.jobs.first { $0.name == "lost" })
        #expect(job.status == "Failed")
        #expect(job.message.contains("nowhere"), "\(job)")

        // The JSON shape of `plan -o json`.
        let json = report.json
        #expect(json["placements"] != nil && json["pending"] != nil && json["jobs"] != nil)
        guard case .array(let jobs)? = json["jobs"] else {
            Issue.record("no jobs array")
            return
        }
        #expect(jobs.first?["status"]?.stringValue == "Failed")
    }

    @Test func invalidFilesAreReportedAndTheRestIsPlanned() throws {
        let root = try Self.folder([
            "node.yaml": Self.node("gpu-0", gpus: 1),
            "a.yaml": Self.pod("a", gpus: 1),
            "broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x]\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try OfflinePlanner(folder: root).run()
        #expect(report.placements.map(\.pod) == ["a"])
        #expect(report.errors.first == "broken.yaml:4:9: metadata.name: expected a string, found a list")
        #expect(report.errors.allSatisfy { $0.hasPrefix("broken.yaml:") }, "\(report.errors)")
    }
}
