import Foundation
import Testing

/// Issue 7: a flood of 10,000 manifest files is absorbed without stalling the API. While the files are being
/// written and applied, the API keeps answering — the list of files and a list of objects, each showing part of
/// the flood — and in the end every file is applied.
struct FileFloodTests {
    static let files = 10_000

    @Test func tenThousandFilesAreAbsorbedWhileTheAPIKeepsAnswering() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try DaemonHarness.write(Manifests.instanceType("before"), to: root + "/m/before.yaml")
        let daemon = try DaemonHarness.start(root: root, stateDir: root + "/s", socket: root + "/s/sock")
        do {
            try await daemon.waitUntilReady()
            let folder = root + "/m/flood"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let writer = Task.detached {
                for index in 0..<Self.files {
                    let name = String(format: "it-%05d", index)
                    try DaemonHarness.write(Manifests.instanceType(name, cpu: "1", memory: "1Gi"), to: "\(folder)/\(name).yaml")
                }
            }
            let socket = daemon.socket
            let clock = ContinuousClock()
            let began = clock.now
            // (files applied, instance types listed) as each poll saw them; every poll must be answered.
            var seen: [(files: Int, objects: Int)] = []
            var slowest: Duration = .zero
            var failures: [String] = []
            while clock.now - began < .seconds(600) {
                let asked = clock.now
                guard let files = UnixSocketProbe.fetch(socket: socket, get: "/skiff/v1/files"),
                    let objects = UnixSocketProbe.fetch(
                        socket: socket,
                        get: "/apis/amlarc.azureml.com/v1alpha1/instancetypes"
                    )
                else {
                    failures.append("no answer at \(clock.now - began)")
                    continue
                }
                slowest = max(slowest, clock.now - asked)
                guard files.status == 200, objects.status == 200 else {
                    failures.append("status \(files.status)/\(objects.status) at \(clock.now - began)")
                    continue
                }
                let applied = (try JSON(parsing: files.body)["items"].array ?? []).filter {
                    $0["phase"].string == "Applied"
                }.count
                let listed = try JSON(parsing: objects.body)["items"].array?.count ?? 0
                seen.append((applied, listed))
                if applied == Self.files + 1 && listed == Self.files + 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await writer.value
            let took = clock.now - began
            #expect(failures.isEmpty, "\(failures)")
            #expect(seen.last.map { $0.files == Self.files + 1 && $0.objects == Self.files + 1 } == true,
                "last poll: \(String(describing: seen.last)); \(daemon.logTail)")
            // Answered in the middle of the flood, not only before and after it.
            #expect(
                seen.contains { $0.objects > 1 && $0.objects < Self.files + 1 },
                "polls: \(seen.map { "\($0.files)/\($0.objects)" })"
            )
            #expect(UnixSocketProbe.status(socket: socket, get: "/readyz") == 200)
            print("file flood: \(Self.files) files applied in \(took); \(seen.count) polls answered, slowest pair \(slowest)")
        } catch {
            _ = await daemon.stop()
            throw DaemonHarness.Failure(description: "\(error)\n\(daemon.logTail)")
        }
        #expect(await daemon.stop() == .exited(0), "\(daemon.logTail)")
    }
}
