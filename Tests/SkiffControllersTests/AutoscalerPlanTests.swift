import Foundation
import SkiffControllers
import Testing

/// `skiffctl plan` on a folder with a compute cluster: the nodes the cluster adds, and where the jobs land.
struct AutoscalerPlanTests {
    @Test func thePlanShowsEachClustersScaleUpAndThePlacementsOnItsNodes() throws {
        var files = ["cluster.yml": ControlPlaneSuite.AutoscalerTests.cluster(min: 1, max: 3)]
        for name in ["a", "b", "c", "d"] { files["\(name).yml"] = ControlPlaneSuite.AutoscalerTests.job(name, duration: "5m") }
        let root = try OfflinePlannerTests.folder(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try OfflinePlanner(folder: root, compute: .init(provisioningDelaySeconds: 60)).run()
        #expect(report.scaleUps == [PlanReport.ScaleUp(compute: "cpu-cluster", nodes: 3)])
        #expect(report.placements.count == 4, "\(report.pending)")
        #expect(report.placements.allSatisfy { $0.node.hasPrefix("cpu-cluster-") })
        #expect(report.jobs.allSatisfy { $0.status == "Completed" }, "\(report.jobs)")
        let json = report.json
        guard case .object(let object) = json, case .array(let scaleUps)? = object["scaleUps"] else {
            Issue.record("no scaleUps in \(json)")
            return
        }
        #expect(scaleUps == [.object(["compute": .string("cpu-cluster"), "nodes": .int(3)])])
        #expect(report.text.contains("Scale-ups:"))
    }
}
