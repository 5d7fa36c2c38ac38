import ArgumentParser
import SkiffAPI

/// `skiffctl preempt NODE`: takes a low-priority compute cluster node back, as Azure does — its pods fail with
/// reason `Preempted`, their jobs restart them, and the cluster replaces the node if work is pending.
struct Preempt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Preempt a low-priority compute cluster node.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The node (NAME or node/NAME).")
    var nodes: [String]

    func validate() throws {
        if nodes.isEmpty { throw ValidationError("name the node to preempt") }
    }

    func run() async throws {
        let client = global.client()
        var failed = false
        for node in nodes {
            let (kind, name) = Logs.split(node)
            do {
                if let kind, !["node", "nodes", "no"].contains(kind) {
                    throw ClientError("error: only nodes can be preempted, not \(kind)")
                }
                _ = try await client.postOK("/api/v1/nodes/" + ObjectFetcher.escape(name) + "/preempt")
                print("node/\(name) preempted")
            } catch let error as ClientError {
                printError(error.description)
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
