import Foundation
import Testing

/// API writes against the real skiffd (over its Unix socket with curl): a created object becomes a file in the
/// manifests folder, and a cordon of the local node (store only) survives a restart.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
struct DaemonWriteTests {
    /// Runs curl against the daemon's socket; returns the HTTP status and the body.
    static func curl(_ socket: String, _ method: String, _ path: String, body: String? = nil, contentType: String? = nil)
        async throws -> (Int, String)
    {
        let folder = NSTemporaryDirectory() + "skiff-curl-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = ["-s", "-o", folder + "/body", "-w", "%{http_code}", "--unix-socket", socket, "-X", method]
        if let body {
            try body.write(toFile: folder + "/request", atomically: true, encoding: .utf8)
            arguments += ["--data-binary", "@" + folder + "/request"]
        }
        // `-H "Content-Type:"` makes curl send none (it would send a form's otherwise), as the Python client does.
        arguments += ["-H", "Content-Type:" + (contentType.map { " " + $0 } ?? "")]
        arguments.append("http://localhost" + path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        FileManager.default.createFile(atPath: folder + "/status", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/status"))
        process.standardOutput = out
        let _: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { p in continuation.resume(returning: p.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        let status = Int((try? String(contentsOfFile: folder + "/status", encoding: .utf8)) ?? "") ?? 0
        return (status, (try? String(contentsOfFile: folder + "/body", encoding: .utf8)) ?? "")
    }

    static let instanceType = """
        {"apiVersion":"amlarc.azureml.com/v1alpha1","kind":"InstanceType","metadata":{"name":"from-api"},
         "spec":{"resources":{"limits":{"cpu":"1","memory":"1Gi"}}}}
        """

    @Test func writesBecomeFilesAndCordonSurvivesARestart() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try DaemonHarness.start(root: root, stateDir: root + "/s", socket: root + "/s/sock")
        var next: DaemonHarness?
        do {
            try await daemon.waitUntilReady()
            // A create without a Content-Type (the Python client's) is JSON; the file is there before the reply.
            let (created, body) = try await Self.curl(
                daemon.socket, "POST", "/apis/amlarc.azureml.com/v1alpha1/instancetypes", body: Self.instanceType)
            #expect(created == 201, "\(body)")
            let file = try String(contentsOfFile: root + "/m/api/instancetype-from-api.yaml", encoding: .utf8)
            #expect(file.contains("name: from-api"))

            let (listed, nodes) = try await Self.curl(daemon.socket, "GET", "/api/v1/nodes")
            #expect(listed == 200)
            let local = try JSON(parsing: nodes)["items"][0]["metadata"]["name"].string ?? ""
            #expect(!local.isEmpty, "\(nodes)")
            let (cordoned, cordonBody) = try await Self.curl(
                daemon.socket, "PATCH", "/api/v1/nodes/\(local)", body: #"{"spec":{"unschedulable":true}}"#,
                contentType: "application/strategic-merge-patch+json")
            #expect(cordoned == 200, "\(cordonBody)")
            let entries = try FileManager.default.contentsOfDirectory(atPath: root + "/m/api")
            #expect(entries == ["instancetype-from-api.yaml"], "the local node must not become a file")

            #expect(await daemon.stop() == .exited(0))
            next = try await daemon.restarted()
            let (got, nodeBody) = try await Self.curl(root + "/s/sock", "GET", "/api/v1/nodes/\(local)")
            #expect(got == 200)
            #expect(try JSON(parsing: nodeBody)["spec"]["unschedulable"] == .bool(true), "\(nodeBody)")
            let (gotType, _) = try await Self.curl(
                root + "/s/sock", "GET", "/apis/amlarc.azureml.com/v1alpha1/instancetypes/from-api")
            #expect(gotType == 200)

            // Deleting through the API removes the file.
            let (deleted, deleteBody) = try await Self.curl(
                root + "/s/sock", "DELETE", "/apis/amlarc.azureml.com/v1alpha1/instancetypes/from-api")
            #expect(deleted == 200, "\(deleteBody)")
            #expect(!FileManager.default.fileExists(atPath: root + "/m/api/instancetype-from-api.yaml"))
        } catch {
            Issue.record("\(error)\n--- log:\n\(daemon.logTail)")
        }
        if let next { _ = await next.stop() } else { _ = await daemon.stop() }
    }
}
