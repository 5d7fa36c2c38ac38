import Foundation
import Subprocess
import SystemPackage

/// Asks `nvidia-smi` which GPUs the machine has.
///
/// A missing `nvidia-smi`, one that fails or hangs, or output that cannot be read means no GPUs: the probe never
/// throws, and says why in ``Result/problem``.
public struct GPUProbe: Sendable {
    /// What a probe found.
    public struct Result: Sendable, Hashable {
        /// The devices, in index order.
        public var devices: [GPUDevice]
        /// Why there are no devices (or fewer than the output listed); nil when everything read cleanly.
        public var problem: String?

        /// A result with the given fields.
        public init(devices: [GPUDevice], problem: String? = nil) {
            self.devices = devices
            self.problem = problem
        }
    }

    /// The `PATH` value searched for `nvidia-smi`.
    public var searchPath: String
    /// How long `nvidia-smi` may take before it counts as failed (a wedged driver can hang it).
    public var timeout: Duration

    /// A probe searching `searchPath` (by default the daemon's own `PATH`).
    public init(
        searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
        timeout: Duration = .seconds(10)
    ) {
        self.searchPath = searchPath
        self.timeout = timeout
    }

    /// The most output read; `nvidia-smi` prints one short line per GPU.
    private static let outputLimit = 1 << 20

    /// Runs `nvidia-smi` and reads its devices.
    public func probe() async -> Result {
        guard let executable = ExecutableSearch.find("nvidia-smi", path: searchPath) else {
            return Result(devices: [], problem: "nvidia-smi is not on PATH")
        }
        let outcome = await runWithTimeout(executable)
        switch outcome {
        case .failure(let failure):
            return Result(devices: [], problem: failure.message)
        case .success(let output):
            let parsed = NvidiaSMIOutput(parsing: output)
            if parsed.devices.isEmpty && !parsed.problems.isEmpty {
                return Result(
                    devices: [],
                    problem: "nvidia-smi output unreadable: " + parsed.problems.joined(separator: "; ")
                )
            }
            let problem =
                parsed.problems.isEmpty
                ? nil
                : "nvidia-smi output partly unreadable: "
                    + parsed.problems.joined(separator: "; ")
            return Result(devices: parsed.devices, problem: problem)
        }
    }

    /// Runs the executable; the child is killed when the timeout wins (swift-subprocess kills on cancellation,
    /// which is what a hung probe needs).
    ///
    /// Its output goes to unlinked temporary files rather than pipes, read once it has exited: a pipe's end of file
    /// waits for every process holding the write end, and a process spawned elsewhere in the daemon (or the test
    /// process) at the same instant by a spawner that does not close inherited descriptors would hold it for its
    /// whole life.
    private func runWithTimeout(_ executable: String) async -> Swift.Result<String, ProbeFailure> {
        let timeout = self.timeout
        let stdout: CapturedOutput
        let stderr: CapturedOutput
        do {
            stdout = try CapturedOutput()
            stderr = try CapturedOutput()
        } catch {
            return .failure(ProbeFailure("cannot create a temporary file for nvidia-smi's output: \(error)"))
        }
        defer {
            stdout.close()
            stderr.close()
        }
        return await withTaskGroup(of: Swift.Result<String, ProbeFailure>?.self) { group in
            group.addTask {
                do {
                    let result = try await run(
                        .path(FilePath(executable)),
                        arguments: Arguments(NvidiaSMIOutput.arguments),
                        output: .fileDescriptor(try stdout.writer(), closeAfterSpawningProcess: true),
                        error: .fileDescriptor(try stderr.writer(), closeAfterSpawningProcess: true)
                    )
                    let errorText = stderr.read(limit: 64 * 1024).trimmingCharacters(in: .whitespacesAndNewlines)
                    let output = stdout.read(limit: Self.outputLimit)
                    switch result.terminationStatus {
                    case .exited(0):
                        return .success(output)
                    case .exited(let code):
                        let detail =
                            errorText.isEmpty ? output.trimmingCharacters(in: .whitespacesAndNewlines) : errorText
                        return .failure(ProbeFailure("\(executable) exited with status \(code)" + Self.suffix(detail)))
                    case .signaled(let signal):
                        // Killed because the timer cancelled the run: the timer's answer stands.
                        if Task.isCancelled { return nil }
                        return .failure(ProbeFailure("\(executable) was killed by signal \(signal)"))
                    }
                } catch {
                    // Cancelled by the timer: the timer's answer stands.
                    if Task.isCancelled { return nil }
                    return .failure(ProbeFailure("\(executable) could not be run: \(error)"))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            if let first = await group.next() ?? nil {
                group.cancelAll()
                return first
            }
            // The timer came first. On a starved thread pool both may have become ready together, so a run that
            // did end keeps its answer; one still running is killed by the cancellation and answers nil.
            group.cancelAll()
            while let next = await group.next() {
                if let answer = next { return answer }
            }
            return .failure(ProbeFailure("\(executable) did not answer within \(timeout)"))
        }
    }

    private static func suffix(_ detail: String) -> String {
        guard !detail.isEmpty else { return "" }
        let line = detail.split(whereSeparator: \.isNewline).first.map(String.init) ?? detail
        return ": " + (line.count <= 200 ? line : String(line.prefix(197)) + "...")
    }
}

/// Why `nvidia-smi` gave no usable answer.
struct ProbeFailure: Error, Sendable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// An unlinked temporary file a child writes its output to, read back once the child has exited.
private struct CapturedOutput: Sendable {
    let descriptor: FileDescriptor

    init() throws {
        let path = FilePath(NSTemporaryDirectory() + "skiff-probe-\(UUID().uuidString)")
        descriptor = try FileDescriptor.open(
            path,
            .readWrite,
            options: [.create, .exclusiveCreate, .closeOnExec],
            permissions: [.ownerReadWrite]
        )
        _ = unlink(path.string)
    }

    /// A descriptor for the child (closed once it is spawned).
    func writer() throws -> FileDescriptor {
        try descriptor.duplicate()
    }

    /// What was written, at most `limit` bytes, as UTF-8.
    func read(limit: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = (try? bytes.withUnsafeMutableBytes { try descriptor.read(fromAbsoluteOffset: 0, into: $0) }) ?? 0
        return String(decoding: bytes.prefix(count), as: UTF8.self)
    }

    func close() {
        try? descriptor.close()
    }
}
