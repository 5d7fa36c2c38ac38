import Foundation
import Testing

/// `skiffctl plan DIR`: offline (no daemon), the folder's declared nodes only, a simulated clock.
struct PlanTests {
    @Test func repositoryExamplesArePlacedOnTheDeclaredGPUNode() async throws {
        let result = try await Skiffctl.run(["plan", "manifests/examples", "-o", "json"], directory: ValidateTests.repository)
        #expect(result.status == 0, "\(result)")
        let plan = try JSON(parsing: result.stdout)
        let placements = plan["placements"].array ?? []
        let training = placements.filter { $0["pod"].string?.hasPrefix("train-gpu-") == true }
        #expect(training.count == 2, "\(result.stdout)")
        #expect(training.allSatisfy { $0["node"].string == "gpu-a100-0" && $0["namespace"].string == "ml-team" })
        let devices = Set(training.compactMap { $0["devices"]["nvidia.com/gpu"][0].string })
        #expect(devices == ["0", "1"], "\(result.stdout)")
        // The CPU job has no declared node to go to: the GPU node's taint keeps it off, and the plan says so.
        let pending = plan["pending"].array ?? []
        let hello = pending.first { $0["pod"].string == "hello-world-0" }
        #expect(hello?["message"].string?.contains("untolerated taint {nvidia.com/gpu: present}") == true, "\(result)")
        let jobs = plan["jobs"].array ?? []
        #expect(jobs.first { $0["name"].string == "train-gpu" }?["status"].string == "Running", "\(result)")

        let table = try await Skiffctl.run(["plan", "manifests/examples"], directory: ValidateTests.repository)
        #expect(table.status == 0 && table.stdout.hasPrefix("NAMESPACE"), "\(table)")
        #expect(table.stdout.contains("train-gpu-0"), "\(table)")
    }

    @Test func aMissingFolderIsAnError() async throws {
        let result = try await Skiffctl.run(["plan", "/nonexistent/folder"], directory: ValidateTests.repository)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("/nonexistent/folder is not a folder"), "\(result)")
    }
}
