import ArgumentParser
import SkiffAPI

/// `skiffctl get sweeps` and `skiffctl describe sweep NAME`: sweeps are Jobs of `type: sweep` (one kind, as Azure
/// ML's CLI keeps them), listed with their trials' progress.
enum SweepCommands {
    /// The words that name sweeps.
    static let names: Set<String> = ["sweep", "sweeps", "sweepjob", "sweepjobs"]

    static func isSweep(_ kind: String) -> Bool {
        names.contains(kind.lowercased())
    }

    /// Lists sweeps (all, or the named ones) as a table, or as Jobs in json/yaml/name.
    static func get(
        _ fetcher: ObjectFetcher,
        names: [String],
        namespace: String?,
        labels: String?,
        output: OutputFormat,
        noHeaders: Bool
    ) async throws {
        var sweeps: [Job] = []
        var missing: [String] = []
        if names.isEmpty {
            sweeps = try await fetcher.list(Job.self, namespace: namespace, labels: labels, fields: nil)
                .compactMap { $0 as? Job }.filter { $0.spec.type == .sweep }
        } else {
            for name in names {
                do {
                    let job = try await fetcher.get(Job.self, namespace: namespace ?? "default", name: name)
                    if let job = job as? Job, job.spec.type == .sweep {
                        sweeps.append(job)
                    } else {
                        missing.append(
                            "Error from server (NotFound): sweep \"\(name)\" not found (a Job that is not a sweep)"
                        )
                    }
                } catch let error as ClientError {
                    missing.append(error.description)
                }
            }
        }
        switch output {
        case .json, .yaml:
            let value = sweeps.count == 1 && !names.isEmpty ? sweeps[0].encoded() : ObjectPrinter.list(sweeps)
            print(try ObjectPrinter.render(value, as: output), terminator: "")
        case .name:
            for sweep in sweeps { print(ObjectPrinter.name(of: sweep)) }
        case .table, .wide:
            if sweeps.isEmpty && missing.isEmpty {
                printError(namespace.map { "No resources found in \($0) namespace." } ?? "No resources found")
            } else if !sweeps.isEmpty {
                let table = SweepPrinter.table(
                    sweeps,
                    wide: output == .wide,
                    withNamespace: namespace == nil,
                    now: Timestamp.now()
                )
                print(table.rendered(noHeaders: noHeaders), terminator: "")
            }
        }
        if !missing.isEmpty {
            for message in missing { printError(message) }
            throw ExitCode.failure
        }
    }

    /// Describes one sweep with its trials.
    static func describe(_ fetcher: ObjectFetcher, namespace: String, name: String) async throws {
        guard let sweep = try await fetcher.get(Job.self, namespace: namespace, name: name) as? Job,
            sweep.spec.type == .sweep
        else {
            throw ClientError("Error from server (NotFound): sweep \"\(name)\" not found (a Job that is not a sweep)")
        }
        let events = (try? await fetcher.events(for: sweep)) ?? []
        print(SweepPrinter.describe(sweep, events: events, now: Timestamp.now()), terminator: "")
    }
}
