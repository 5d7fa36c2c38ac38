import ArgumentParser
import SkiffAPI

/// `skiffctl describe KIND NAME`: the object's fields, its conditions and its events, as kubectl describes. Pods
/// and nodes get kubectl's own layouts, with the devices each pod holds and each node's GPUs and their holders.
struct Describe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an object in detail, with its events.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The kind.")
    var kind: String

    @Argument(help: "The object's name.")
    var name: String

    @Option(name: .shortAndLong, help: "Namespace (for namespaced kinds).")
    var namespace: String = "default"

    func run() async throws {
        let fetcher = ObjectFetcher(client: global.client())
        do {
            if SweepCommands.isSweep(kind) {
                return try await SweepCommands.describe(fetcher, namespace: namespace, name: name)
            }
            let type = try fetcher.resolve(kind)
            let object = try await fetcher.get(type, namespace: type.resource.namespaced ? namespace : nil, name: name)
            let events = (try? await fetcher.events(for: object)) ?? []
            let now = Timestamp.now()
            if let pod = object as? Pod {
                print(Describer.describePod(pod, events: events, now: now), terminator: "")
            } else if let node = object as? Node {
                let pods = try await fetcher.list(
                    Pod.self,
                    namespace: nil,
                    labels: nil,
                    fields: "spec.nodeName=\(node.metadata.name)"
                ).compactMap { $0 as? Pod }
                print(
                    Describer.describeNode(
                        node,
                        pods: pods,
                        usage: await usage(of: node, fetcher),
                        events: events,
                        now: now
                    ),
                    terminator: ""
                )
            } else {
                print(Describer.describe(object, events: events, now: now), terminator: "")
            }
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    /// The node's entry in `/skiff/v1/top/nodes`, when the daemon serves it (it holds the device ledger).
    private func usage(of node: Node, _ fetcher: ObjectFetcher) async -> JSONValue? {
        guard let answer = try? await fetcher.client.get("/skiff/v1/top/nodes"), answer.status == 200,
            let body = answer.body
        else { return nil }
        return NodeUsagePrinter.items(JSONValue(yaml: body)["items"]).first {
            $0["name"]?.stringValue == node.metadata.name
        }
    }
}
