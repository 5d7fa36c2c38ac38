import ArgumentParser
import SkiffAPI

/// `skiffctl files`: every manifest file the daemon reads, its state and the objects it declares.
struct Files: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List manifest files with their state and objects.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Output format: json or yaml.")
    var output: OutputFormat = .table

    func run() async throws {
        do {
            let body = try await global.client().getOK("/skiff/v1/files")
            let files = body["items"]?.items ?? []
            if output == .json || output == .yaml {
                print(try ObjectPrinter.render(JSONValue(yaml: body), as: output), terminator: "")
                return
            }
            var table = Table(columns: ["PATH", "STATE", "OBJECTS"])
            for file in files {
                let path = file["path"]?.scalar?.value ?? ""
                let phase = file["phase"]?.scalar?.value ?? ""
                let firstError = file["errors"]?.items?.first
                var state = phase
                if phase != "Applied", let line = firstError?["line"]?.scalar?.value, line != "0" {
                    state = "\(phase) at line \(line)"
                }
                let objects = (file["objects"]?.items ?? []).compactMap { $0.scalar?.value }
                table.rows.append([path, state, objects.isEmpty ? "<none>" : objects.joined(separator: ", ")])
            }
            if files.isEmpty {
                printError("No manifest files found")
                return
            }
            print(table.rendered(), terminator: "")
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
