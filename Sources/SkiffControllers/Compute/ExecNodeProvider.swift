import Foundation

/// The `exec` node provider: the commands the configuration names create and delete a compute cluster's machines.
/// Each runs through `/bin/sh -c` with the node in its environment — `SKIFF_NODE_NAME`, `SKIFF_NODE_SIZE`,
/// `SKIFF_COMPUTE`, `SKIFF_NODE_LABELS` (`k=v,k=v`), `SKIFF_NODE_CPU`, `SKIFF_NODE_MEMORY`, `SKIFF_NODE_GPUS`.
/// A create that exits 0 made the node ready; its standard output may be JSON `{"labels": {...}}` with labels to
/// add. A create that fails is tried again with exponential backoff; after the configured attempts the node is
/// `unusable` with the command's standard error.
struct ExecNodeProvider: Sendable {
    /// What a command did.
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The first retry's delay; each further retry waits twice as long.
    static let baseBackoffSeconds: Int64 = 5
    /// Annotation: how many creates failed so far.
    static let attemptsAnnotation = "skiff.dev/exec-attempts"
    /// Annotation: when the next create may run (RFC 3339).
    static let retryAtAnnotation = "skiff.dev/exec-retry-at"

    var createCommand: String
    var deleteCommand: String
    var attempts: Int

    /// The environment a command gets for `node`.
    static func environment(of node: Node) -> [String: String] {
        let labels = node.metadata.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let capacity = node.spec.declaredCapacity
        return [
            "SKIFF_NODE_NAME": node.metadata.name,
            "SKIFF_NODE_SIZE": node.metadata.labels[ComputeNodeLabels.instanceType] ?? "",
            "SKIFF_COMPUTE": node.metadata.labels[ComputeNodeLabels.compute] ?? "",
            "SKIFF_NODE_LABELS": labels.joined(separator: ","),
            "SKIFF_NODE_CPU": capacity[.cpu]?.description ?? "0",
            "SKIFF_NODE_MEMORY": capacity[.memory]?.description ?? "0",
            "SKIFF_NODE_GPUS": capacity[.nvidiaGPU]?.description ?? "0",
        ]
    }

    /// Runs `command` for `node` and waits for it.
    static func run(_ command: String, for node: Node) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = ProcessInfo.processInfo.environment.merging(environment(of: node)) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return Outcome(status: 127, stdout: "", stderr: "cannot run \(command): \(error)")
        }
        // Read both pipes to the end before waiting, so that a chatty command cannot block on a full pipe.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// Extra labels from a create's standard output (`{"labels": {"k": "v"}}`); none when it is not such JSON.
    static func labels(from stdout: String) -> [String: String] {
        guard let data = stdout.trimmingCharacters(in: .whitespacesAndNewlines).data(using: .utf8), !data.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let labels = object["labels"] as? [String: Any]
        else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in labels {
            if let text = value as? String { result[key] = text } else { result[key] = "\(value)" }
        }
        return result
    }

    /// What to do with a node the provider has not made ready yet: tries the create when its backoff is over.
    enum Step {
        /// The node is ready (its labels and ready time updated).
        case ready(Node)
        /// Try again at this time.
        case retry(Node, at: Timestamp)
        /// Failed too often.
        case unusable(Node)
    }

    func step(_ node: Node, now: Timestamp) -> Step {
        var updated = node
        if let text = node.metadata.annotations[Self.retryAtAnnotation], let at = Timestamp(rfc3339: text), now < at {
            return .retry(node, at: at)
        }
        let outcome = Self.run(createCommand, for: node)
        if outcome.status == 0 {
            for (key, value) in Self.labels(from: outcome.stdout) { updated.metadata.labels[key] = value }
            updated.metadata.annotations[ComputeNodeLabels.readyAt] = now.rfc3339
            updated.metadata.annotations[Self.attemptsAnnotation] = nil
            updated.metadata.annotations[Self.retryAtAnnotation] = nil
            return .ready(updated)
        }
        let failures = (Int(node.metadata.annotations[Self.attemptsAnnotation] ?? "") ?? 0) + 1
        updated.metadata.annotations[Self.attemptsAnnotation] = String(failures)
        let stderr = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if failures >= attempts {
            updated.metadata.annotations[ComputeNodeLabels.state] = ComputeNodeState.unusable.rawValue
            updated.metadata.annotations[ComputeNodeLabels.stateMessage] =
                "create command failed \(failures) times (exit \(outcome.status))"
                + (stderr.isEmpty ? "" : ": \(stderr)")
            updated.spec.unschedulable = true
            updated.metadata.annotations[ComputeNodeLabels.idleSince] = now.rfc3339
            return .unusable(updated)
        }
        let delay = Self.baseBackoffSeconds << Int64(failures - 1)
        let at = Timestamp(seconds: now.seconds + delay)
        updated.metadata.annotations[Self.retryAtAnnotation] = at.rfc3339
        updated.metadata.annotations[ComputeNodeLabels.stateMessage] =
            "create command failed (exit \(outcome.status))" + (stderr.isEmpty ? "" : ": \(stderr)")
        return .retry(updated, at: at)
    }
}
