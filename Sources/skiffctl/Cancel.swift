import ArgumentParser
import SkiffAPI

/// `skiffctl cancel JOB`: asks the Job controller to stop a job (its pods are stopped, the job ends `Canceled`).
/// The job's file stays; deleting the file cancels it too and removes the job.
struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a job.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The job (NAME or job/NAME).")
    var jobs: [String]

    @Option(name: .shortAndLong, help: "Namespace.")
    var namespace: String = "default"

    func validate() throws {
        if jobs.isEmpty { throw ValidationError("name the job to cancel") }
    }

    func run() async throws {
        let client = global.client()
        var failed = false
        for job in jobs {
            let (kind, name) = Logs.split(job)
            do {
                if let kind, !["job", "jobs", "job.skiff.dev", "jobs.skiff.dev"].contains(kind) {
                    throw ClientError("error: only jobs can be cancelled, not \(kind)")
                }
                let path =
                    Job.resource.collectionPath(namespace: namespace) + "/" + ObjectFetcher.escape(name) + "/cancel"
                _ = try await client.postOK(path)
                print("job.skiff.dev/\(name) cancel requested")
            } catch let error as ClientError {
                printError(error.description)
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}
