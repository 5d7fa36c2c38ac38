import ArgumentParser
import SkiffAPI

/// `skiffctl errors`: every per-file error the daemon holds, as `FILE:LINE:COLUMN: message`.
struct Errors: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the daemon's per-file errors.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        do {
            let body = try await global.client().getOK("/skiff/v1/files")
            var count = 0
            for file in body["items"]?.items ?? [] {
                for error in file["errors"]?.items ?? [] {
                    print(error["text"]?.scalar?.value ?? "")
                    count += 1
                }
            }
            if count == 0 { printError("No errors") }
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
