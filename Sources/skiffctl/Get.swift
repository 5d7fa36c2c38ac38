import ArgumentParser
import SkiffAPI

/// `skiffctl get KIND [NAME...]`.
struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List objects of a kind, or show named ones.",
        discussion: "KIND is what kubectl takes: plural, singular or short name, case-insensitive (it, pods, amlc)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The kind (instancetypes, it, pods, …).")
    var kind: String

    @Argument(help: "Names of objects to show.")
    var names: [String] = []

    @Option(name: .shortAndLong, help: "Output format: wide, json, yaml or name.")
    var output: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Namespace (for namespaced kinds).")
    var namespace: String = "default"

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List across all namespaces.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .long], help: "Label selector (a=b, a in (x,y), !a).")
    var selector: String?

    @Option(name: .customLong("field-selector"), help: "Field selector (metadata.name=x, status.phase=Running).")
    var fieldSelector: String?

    @Flag(name: .customLong("no-headers"), help: "Print tables without the header line.")
    var noHeaders = false

    func run() async throws {
        let fetcher = ObjectFetcher(client: global.client())
        do {
            if SweepCommands.isSweep(kind) {
                return try await SweepCommands.get(fetcher, names: names, namespace: allNamespaces ? nil : namespace,
                                                   labels: selector, output: output, noHeaders: noHeaders)
            }
            let type = try fetcher.resolve(kind)
            let namespaced = type.resource.namespaced
            let scope = namespaced && !allNamespaces ? namespace : nil
            var objects: [any APIObject] = []
            var missing: [String] = []
            if names.isEmpty {
                objects = try await fetcher.list(type, namespace: scope, labels: selector, fields: fieldSelector)
            } else {
                // As kubectl: print the objects found, then an error for each name that was not.
                for name in names {
                    do {
                        objects.append(try await fetcher.get(type, namespace: namespaced ? namespace : nil, name: name))
                    } catch let error as ClientError {
                        missing.append(error.description)
                    }
                }
            }
            if !objects.isEmpty || missing.isEmpty {
                try print(objects, type: type, namespaced: namespaced)
            }
            if !missing.isEmpty {
                for message in missing { printError(message) }
                throw ExitCode.failure
            }
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    private func print(_ objects: [any APIObject], type: any APIObject.Type, namespaced: Bool) throws {
        switch output {
        case .json, .yaml:
            let value = objects.count == 1 && !names.isEmpty ? objects[0].encoded() : ObjectPrinter.list(objects)
            Swift.print(try ObjectPrinter.render(value, as: output), terminator: "")
        case .name:
            for object in objects { Swift.print(ObjectPrinter.name(of: object)) }
        case .table, .wide:
            if objects.isEmpty {
                printError(namespaced && !allNamespaces ? "No resources found in \(namespace) namespace." : "No resources found")
                return
            }
            let table = TablePrinter.table(
                type,
                objects,
                wide: output == .wide,
                withNamespace: namespaced && allNamespaces,
                now: Timestamp.now()
            )
            Swift.print(table.rendered(noHeaders: noHeaders), terminator: "")
        }
    }
}
