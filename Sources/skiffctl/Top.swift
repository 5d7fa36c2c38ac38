import ArgumentParser
import SkiffAPI

/// `skiffctl top nodes`: what the scheduler has handed out on each node against what it can give.
struct Top: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show resource usage (requests against allocatable) of nodes.",
        subcommands: [TopNodes.self]
    )
}

/// `skiffctl top nodes [-o json|yaml] [--history]`.
struct TopNodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes",
        abstract: "Per node: CPU, memory, pods and GPUs requested of allocatable, and which pod holds each GPU.",
        aliases: ["node", "no"]
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Output format: json or yaml.")
    var output: OutputFormat = .table

    @Flag(name: .long, help: "Also print the devices' allocation history.")
    var history = false

    func run() async throws {
        do {
            let document = JSONValue(yaml: try await global.client().getOK("/skiff/v1/top/nodes"))
            if output == .json || output == .yaml {
                print(try ObjectPrinter.render(document, as: output), terminator: "")
                return
            }
            let text = NodeUsagePrinter.render(document, history: history)
            if text.isEmpty {
                printError("No resources found")
                return
            }
            print(text, terminator: "")
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
