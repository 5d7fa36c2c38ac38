import Foundation
import SkiffAPI
import Testing

/// The Job status shape of CONTRACTS.md survives encoding and decoding, and prints in `get jobs`.
struct JobStatusTests {
    static func job() throws -> Job {
        let result = AzureMLTestSupport.decode("name: run\ncommand: echo hi\nenvironment: {image: busybox}\n")
        return try #require(result.objects.first?.object as? Job)
    }

    @Test func everyStatusFieldRoundTrips() throws {
        var job = try Self.job()
        job.status.phase = Job.Phase.failed.rawValue
        job.status.message = "pod \"run-0\" failed: container proc-0 exited with code 3 (Error)"
        job.status.startTime = Timestamp(seconds: 1_800_000_000)
        job.status.endTime = Timestamp(seconds: 1_800_000_060)
        job.status.cancelRequested = Timestamp(seconds: 1_800_000_030)
        job.status.attempt = 2
        job.status.pods = JobPodCounts(pending: 1, running: 2, succeeded: 3, failed: 4)
        job.status.conditions = [Condition(type: "Failed", status: .true, reason: "PodFailed", message: "x")]
        let decoded = try #require(try AzureMLTestSupport.roundTrip(job) as? Job)
        #expect(decoded.status == job.status)
        #expect(decoded.status.isFinished && decoded.status.phaseValue == .failed)
        let status = job.encoded()["status"]
        #expect(status?["pods"] == .object(["pending": .int(1), "running": .int(2), "succeeded": .int(3), "failed": .int(4)]))
        #expect(status?["cancelRequested"] == .string("2027-01-15T08:00:30Z"))
    }

    @Test func anEmptyStatusIsOmitted() throws {
        let job = try Self.job()
        #expect(job.encoded()["status"] == nil)
        #expect(try #require(try AzureMLTestSupport.roundTrip(job) as? Job).status == Job.Status())
    }

    @Test func phasesUseAzureMLNames() {
        #expect(Job.Phase.allCases.map(\.rawValue)
            == ["Queued", "Starting", "Running", "Completed", "Failed", "Canceling", "Canceled"])
        #expect(Job.Phase.allCases.filter(\.isFinished) == [.completed, .failed, .canceled])
    }

    @Test func jobColumnsShowStatusAndWideShowsPodsAndMessage() throws {
        var job = try Self.job()
        job.metadata.creationTimestamp = Timestamp(seconds: 100)
        job.status.phase = "Running"
        job.status.message = "all good"
        job.status.pods = JobPodCounts(pending: 1, running: 2)
        let table = TablePrinter.table(Job.self, [job], now: Timestamp(seconds: 160))
        #expect(table.columns == ["NAME", "TYPE", "COMPUTE", "INSTANCE TYPE", "INSTANCES", "STATUS", "AGE"])
        #expect(table.rows == [["run", "command", "<none>", "<none>", "1", "Running", "60s"]])
        let wide = TablePrinter.table(Job.self, [job], wide: true, now: Timestamp(seconds: 160))
        #expect(wide.columns.suffix(3) == ["PODS(P/R/S/F)", "DISPLAY NAME", "MESSAGE"])
        #expect(wide.rows.first?.suffix(3) == ["1/2/0/0", "<none>", "all good"])
    }
}
