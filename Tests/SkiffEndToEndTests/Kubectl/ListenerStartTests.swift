import Foundation
import Testing

/// The listener's start-up rules: a non-loopback address needs `api.allowNonLoopback`, a taken port stops the start
/// with a message naming it, and a restart reuses the CA and the tokens (handed-out kubeconfigs keep working).
struct ListenerStartTests {
    @Test func aNonLoopbackAddressIsRefusedUnlessAllowed() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try DaemonHarness.start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            extraArguments: ["--listen", "0.0.0.0:0"]
        )
        let exit = await daemon.process.waitForExit()
        #expect(exit == .exited(1), "\(daemon.log)")
        #expect(daemon.log.contains("the API listen address 0.0.0.0:0 is not a loopback address"), "\(daemon.log)")
        #expect(daemon.log.contains("api.allowNonLoopback: true"), "\(daemon.log)")
    }

    @Test func aBadListenFlagIsAConfigurationError() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let daemon = try DaemonHarness.start(
            root: root,
            stateDir: root + "/s",
            socket: root + "/s/sock",
            extraArguments: ["--listen", "6443"]
        )
        let exit = await daemon.process.waitForExit()
        #expect(exit == .exited(2), "\(daemon.log)")
        #expect(daemon.log.contains("--listen: invalid value \"6443\""), "\(daemon.log)")
    }

    @Test func aTakenPortStopsTheStartNamingTheAddress() async throws {
        try await DaemonHarness.withKubectl { first, _ in
            let endpoint = try #require(first.apiEndpoint)
            let port = try #require(endpoint.split(separator: ":").last.map(String.init))
            let root = try DaemonHarness.makeTemporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let second = try DaemonHarness.start(
                root: root,
                stateDir: root + "/s",
                socket: root + "/s/sock",
                extraArguments: ["--listen", "127.0.0.1:\(port)"]
            )
            let ended = await Eventually.poll { second.process.exitIfEnded != nil }
            if !ended { _ = await second.stop() }
            #expect(ended && second.process.exitIfEnded != .exited(0), "\(second.log)")
            #expect(second.log.contains("cannot serve the API on 127.0.0.1:\(port)"), "\(second.log)")
        }
    }

    @Test func aRestartKeepsTheCAAndTokens() async throws {
        let root = try DaemonHarness.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var kubeconfigs: [String] = []
        for _ in 0..<2 {
            let daemon = try DaemonHarness.start(
                root: root,
                stateDir: root + "/s",
                socket: root + "/s/sock",
                extraArguments: DaemonHarness.listenOnAFreePort
            )
            do {
                try await daemon.waitUntilReady()
                kubeconfigs.append(try await daemon.kubeconfigText())
                if Kubectl.isInstalled, kubeconfigs.count == 2 {
                    // The first start's kubeconfig (CA and token) works against the second start, port aside.
                    let port = try #require(daemon.apiEndpoint?.split(separator: ":").last.map(String.init))
                    let old = kubeconfigs[0].replacingOccurrences(
                        of: #"127\.0\.0\.1:[0-9]+"#,
                        with: "127.0.0.1:\(port)",
                        options: .regularExpression
                    )
                    let kubectl = try Kubectl(folder: root + "/kube-old", kubeconfigText: old)
                    let nodes = try await kubectl.run("get", "nodes")
                    #expect(nodes.succeeded, "\(nodes)")
                }
            } catch {
                _ = await daemon.stop()
                throw error
            }
            #expect(await daemon.stop() == .exited(0), "\(daemon.log)")
            // The endpoint file names a live port only.
            #expect(!FileManager.default.fileExists(atPath: root + "/s/api-endpoint"))
        }
        func stable(_ text: String) -> String {
            text.replacingOccurrences(of: #"127\.0\.0\.1:[0-9]+"#, with: "", options: .regularExpression)
        }
        #expect(stable(kubeconfigs[0]) == stable(kubeconfigs[1]))
    }
}
