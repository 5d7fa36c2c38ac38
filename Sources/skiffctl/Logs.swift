import ArgumentParser
import Foundation
import SkiffAPI

/// `skiffctl logs POD [-c CONTAINER] [-f] [--tail N]`: a container's output, written as it arrives.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the logs of a container in a pod.",
        discussion: "POD may be NAME, pod/NAME, or job/NAME (the job's first pod, as kubectl picks one)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The pod (NAME, pod/NAME or job/NAME).")
    var target: String

    @Option(
        name: [.customShort("c"), .customLong("container")],
        help: "The container; defaults to the only (else the first) one."
    )
    var container: String?

    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Keep printing output as it is written.")
    var follow = false

    @Option(name: .customLong("tail"), help: "Lines of recent output to print; -1 for all.")
    var tail: Int = -1

    @Flag(name: [.customShort("p"), .customLong("previous")], help: "The previous instance of the container.")
    var previous = false

    @Flag(name: .customLong("timestamps"), help: "Accepted for kubectl compatibility (skiff keeps no line times).")
    var timestamps = false

    @Option(name: .customLong("limit-bytes"), help: "Stop after this many bytes.")
    var limitBytes: Int?

    @Option(name: .shortAndLong, help: "Namespace.")
    var namespace: String = "default"

    func run() async throws {
        let client = global.client()
        let fetcher = ObjectFetcher(client: client)
        do {
            let pod = try await resolvePod(fetcher)
            var query: [String] = []
            var chosen = container
            if chosen == nil, let first = pod.spec.containers.first {
                // As kubectl: the annotated default container, else the first, said on stderr when there was a
                // choice.
                let annotated = pod.metadata.annotations["kubectl.kubernetes.io/default-container"]
                if let annotated, pod.spec.containers.contains(where: { $0.name == annotated }) {
                    chosen = annotated
                } else {
                    chosen = first.name
                    if pod.spec.containers.count > 1 || !pod.spec.initContainers.isEmpty {
                        let names =
                            pod.spec.containers.map(\.name) + pod.spec.initContainers.map { "\($0.name) (init)" }
                        printError("Defaulted container \"\(first.name)\" out of: \(names.joined(separator: ", "))")
                    }
                }
            }
            if let chosen { query.append("container=" + ObjectFetcher.escape(chosen)) }
            if follow { query.append("follow=true") }
            if tail >= 0 { query.append("tailLines=\(tail)") }
            if previous { query.append("previous=true") }
            if timestamps { query.append("timestamps=true") }
            if let limitBytes { query.append("limitBytes=\(limitBytes)") }
            if pod.spec.nodeName.isEmpty {
                // The API answers an empty log, as Kubernetes does; say why on stderr.
                let scope = namespace == "default" ? "" : " -n \(namespace)"
                printError(
                    "pod \(pod.metadata.name) is not scheduled yet: its log is empty "
                        + "(see `skiffctl explain pod \(pod.metadata.name)\(scope)`)"
                )
            }
            let path =
                Pod.resource.collectionPath(namespace: namespace) + "/" + ObjectFetcher.escape(pod.metadata.name)
                + "/log" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            try await client.stream(path) { bytes in
                FileHandle.standardOutput.write(Data(bytes))
            }
        } catch let error as ClientError {
            printError(error.description)
            throw ExitCode.failure
        }
    }

    /// The pod named by the argument; for `job/NAME` the job's pods by label, the first by name.
    private func resolvePod(_ fetcher: ObjectFetcher) async throws -> Pod {
        let (kind, name) = Self.split(target)
        switch kind {
        case nil, "pod", "pods", "po":
            guard let pod = try await fetcher.get(Pod.self, namespace: namespace, name: name) as? Pod else {
                throw ClientError("error: pods \"\(name)\" not found")
            }
            return pod
        case "job", "jobs", "job.skiff.dev", "jobs.skiff.dev":
            let pods = try await fetcher.list(
                Pod.self,
                namespace: namespace,
                labels: "skiff.dev/job-name=\(name)",
                fields: nil
            )
            .compactMap { $0 as? Pod }.sorted { $0.metadata.name < $1.metadata.name }
            guard let first = pods.first else {
                throw ClientError("error: job \(name) has no pods (yet): see `skiffctl explain job \(name)`")
            }
            if pods.count > 1 { printError("Found \(pods.count) pods, using pod/\(first.metadata.name)") }
            return first
        case let other?:
            throw ClientError("error: cannot get the logs of a \(other): name a pod or a job")
        }
    }

    /// `kind/name` split into its parts; a bare name has no kind.
    static func split(_ target: String) -> (kind: String?, name: String) {
        guard let slash = target.firstIndex(of: "/") else { return (nil, target) }
        return (target[..<slash].lowercased(), String(target[target.index(after: slash)...]))
    }
}
