import ArgumentParser
import Foundation

/// `skiffctl kubeconfig [--read-only] [-o yaml|json]`: asks the daemon over its Unix socket for a kubeconfig of its
/// HTTPS listener (server, `certificate-authority-data`, bearer token), which `kubectl` uses as it is:
/// `skiffctl kubeconfig > ~/.kube/skiff && kubectl --kubeconfig ~/.kube/skiff get nodes`.
struct KubeconfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubeconfig",
        abstract: "Print a kubeconfig for kubectl to reach skiffd's HTTPS listener.",
        discussion: """
            The kubeconfig holds the admin token (or, with --read-only, the token that may only read): keep it \
            private (e.g. `skiffctl kubeconfig > ~/.kube/config && chmod 600 ~/.kube/config`). Only the daemon's \
            Unix socket hands it out.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("read-only"), help: "Use the read-only token (get, list, watch and logs only).")
    var readOnly = false

    @Option(name: .shortAndLong, help: "Output format: yaml (default) or json.")
    var output: String = "yaml"

    func validate() throws {
        guard ["yaml", "json"].contains(output) else {
            throw ValidationError("unsupported output format \"\(output)\": yaml or json")
        }
    }

    func run() async throws {
        var query = "format=\(output)"
        if readOnly { query += "&readOnly=true" }
        do {
            var text: [UInt8] = []
            try await global.client().stream("/skiff/v1/kubeconfig?" + query) { text += $0 }
            if output == "json", !text.isEmpty, text.last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
            FileHandle.standardOutput.write(Data(text))
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
