import ArgumentParser
import SkiffAPI

/// `skiffctl describe KIND NAME`: the object's fields, its conditions and its events, as kubectl describes.
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
            let type = try fetcher.resolve(kind)
            let object = try await fetcher.get(type, namespace: type.resource.namespaced ? namespace : nil, name: name)
            let events = (try? await fetcher.events(for: object)) ?? []
            print(Describer.describe(object, events: events, now: Timestamp.now()), terminator: "")
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
