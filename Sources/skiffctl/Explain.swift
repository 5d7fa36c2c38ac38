import ArgumentParser
import SkiffAPI

/// `skiffctl explain pod|job NAME`: why a pod or job is not running, layer by layer, node by node, and what would
/// change that.
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain why a pod or job is not running and what would let it run.",
        discussion: """
            Forms: `explain pod NAME`, `explain job NAME`, `explain pod/NAME`, or `explain NAME` (a pod, else a job). \
            Unlike kubectl's `explain`, this explains objects, not schemas.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "pod or job, then the name; or KIND/NAME; or just NAME.")
    var words: [String]

    @Option(name: .shortAndLong, help: "Output format: json or yaml.")
    var output: OutputFormat = .table

    @Option(name: .shortAndLong, help: "Namespace.")
    var namespace: String = "default"

    func validate() throws {
        guard (1...2).contains(words.count) else { throw ValidationError("expected `pod NAME`, `job NAME` or NAME") }
    }

    func run() async throws {
        let client = global.client()
        do {
            let candidates = try Self.targets(words)
            var document: JSONValue?
            var lastError: ClientError?
            for resource in candidates {
                let path =
                    "/skiff/v1/explain/\(resource)/\(ObjectFetcher.escape(namespace))/"
                    + ObjectFetcher.escape(candidates.count == 1 ? Self.name(words) : words[0])
                let answer = try await client.get(path)
                if answer.status == 404, candidates.count > 1 {
                    lastError = ClientError(
                        "Error from server (NotFound): no pod or job \"\(words[0])\" in namespace \(namespace)"
                    )
                    continue
                }
                document = JSONValue(yaml: try APIClient.checked(answer))
                break
            }
            guard let document else { throw lastError ?? ClientError("error: nothing to explain") }
            if output == .json || output == .yaml {
                print(try ObjectPrinter.render(document, as: output), terminator: "")
            } else {
                print(ExplanationPrinter.render(document), terminator: "")
            }
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    /// The explain resources to try, in order: `pods`, `jobs`, or both for a bare name.
    static func targets(_ words: [String]) throws -> [String] {
        let kind: String
        if words.count == 2 {
            kind = words[0].lowercased()
        } else if let slash = words[0].firstIndex(of: "/") {
            kind = words[0][..<slash].lowercased()
        } else {
            return ["pods", "jobs"]
        }
        switch kind {
        case "pod", "pods", "po": return ["pods"]
        case "job", "jobs", "job.skiff.dev", "jobs.skiff.dev": return ["jobs"]
        default: throw ClientError("error: cannot explain a \(kind): only pods and jobs are explained")
        }
    }

    /// The name in `KIND NAME` or `KIND/NAME`.
    static func name(_ words: [String]) -> String {
        if words.count == 2 { return words[1] }
        guard let slash = words[0].firstIndex(of: "/") else { return words[0] }
        return String(words[0][words[0].index(after: slash)...])
    }
}
