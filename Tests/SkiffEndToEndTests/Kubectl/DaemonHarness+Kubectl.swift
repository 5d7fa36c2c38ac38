import Foundation
import Testing

/// A daemon with its HTTPS listener on a free loopback port, and kubectl configured for it.
extension DaemonHarness {
    /// The arguments that turn the listener on at a port the kernel picks (tests run in parallel).
    static let listenOnAFreePort = ["--listen", "127.0.0.1:0"]

    /// Starts a daemon with the HTTPS listener (see ``with(files:binaryFiles:configuration:environment:extraArguments:sourceLocation:_:)``),
    /// fetches its kubeconfig with `skiffctl kubeconfig`, and runs `body` with kubectl set up for it.
    static func withKubectl(
        files: [String: String] = [:],
        configuration: String = "# every setting at its default; the flags give the folders\n",
        extraArguments: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: (DaemonHarness, Kubectl) async throws -> Void
    ) async throws {
        try await with(
            files: files,
            configuration: configuration,
            extraArguments: listenOnAFreePort + extraArguments,
            sourceLocation: sourceLocation
        ) { daemon in
            let kubectl = try await daemon.kubectl()
            try await body(daemon, kubectl)
        }
    }

    /// `skiffctl kubeconfig [--read-only]` once the listener runs (it answers 503 until it is bound).
    func kubeconfigText(readOnly: Bool = false) async throws -> String {
        var text = ""
        try await eventually("skiffctl kubeconfig to succeed") {
            let result = try await skiffctl(["kubeconfig"] + (readOnly ? ["--read-only"] : []))
            text = result.stdout
            return result.succeeded
        }
        return text
    }

    /// kubectl with the admin kubeconfig (or the read-only one) in `<root>/kube[-read-only]/`.
    func kubectl(readOnly: Bool = false) async throws -> Kubectl {
        try Kubectl(
            folder: root + (readOnly ? "/kube-read-only" : "/kube"),
            kubeconfigText: try await kubeconfigText(readOnly: readOnly)
        )
    }

    /// `https://127.0.0.1:PORT`, as written to `<stateDir>/api-endpoint` once the listener runs.
    var apiEndpoint: String? {
        (try? String(contentsOfFile: stateDir + "/api-endpoint", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
