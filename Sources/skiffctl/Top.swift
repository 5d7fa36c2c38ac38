import ArgumentParser
import SkiffAPI

/// `skiffctl top nodes [-o json|yaml] [--history]`: what the scheduler has handed out on each node against what it
/// can give, and which pod holds each GPU.
struct Top: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show requests against allocatable per node, and which pod holds each GPU.",
        discussion: "Only `top nodes` exists: Skiff measures no live usage, it shows what the scheduler handed out."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "nodes")
    var resource: String

    @Option(name: .shortAndLong, help: "Output format: json or yaml.")
    var output: OutputFormat = .table

    @Flag(name: .long, help: "Print the whole device allocation history (default: the latest 10 entries).")
    var history = false

    func validate() throws {
        guard ["nodes", "node", "no"].contains(resource.lowercased()) else {
            throw ValidationError("only `top nodes` is supported, not `top \(resource)`")
        }
    }

    func run() async throws {
        do {
            let document = JSONValue(yaml: try await global.client().getOK("/skiff/v1/top/nodes"))
            if output == .json || output == .yaml {
                print(try ObjectPrinter.render(document, as: output), terminator: "")
                return
            }
            let text = NodeUsagePrinter.render(document, historyLimit: history ? nil : 10)
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
