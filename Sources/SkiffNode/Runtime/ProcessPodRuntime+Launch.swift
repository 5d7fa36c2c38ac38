import Foundation
import Glibc
import Logging
import Synchronization

extension ProcessPodRuntime {
    /// Why a container could not start: the message of its `StartError`.
    struct LaunchFailure: Error {
        var message: String

        init(_ message: String) {
            self.message = message
        }
    }

    /// A shim that started.
    struct Started {
        var pid: pid_t
        var startTicks: UInt64
        /// Why the shim is not in the pod's cgroup, when it could not join.
        var cgroupProblem: String?
    }

    /// The shell shim every container runs under. It waits for the runtime's `go` on standard input (sent once the
    /// runtime has put it into the pod's cgroup, so nothing runs unlimited), then runs the script as its child and
    /// writes the exit code where a restarted daemon will look. It survives SIGTERM (deferred until the child
    /// exits, as the shell defers traps), so the code written is the script's. Exit 125 without an exit file means
    /// the shim itself failed. Arguments: script, working directory, exit file, shell.
    static let shim = """
        IFS= read -r skiff_go && [ "$skiff_go" = go ] || exit 125
        exec </dev/null
        cd "$2" || exit 125
        trap : TERM INT HUP
        "$4" -c "$1"
        skiff_rc=$?
        printf '%s\\n' "$skiff_rc" >"$3"
        exit "$skiff_rc"
        """

    /// Starts a container's shim.
    /// - Returns: the started shim, or why it could not start.
    func spawn(pod: PodRun, container: ContainerRun, exitFile: String) -> Result<Started, LaunchFailure> {
        let meta = pod.pod.metadata
        let workDirectory = workingDirectory(pod: pod, container: container.spec)
        let base: [(String, String)] = [
            ("PATH", configuration.path),
            ("HOME", workDirectory),
            ("HOSTNAME", meta.name),
            ("SKIFF_POD_NAME", meta.name),
            ("SKIFF_POD_NAMESPACE", meta.namespace),
            ("SKIFF_POD_UID", meta.uid),
        ]
        let variables = ContainerEnvironment.variables(
            base: base,
            container: container.spec,
            extra: pod.request.environment,
            gpuDevices: container.devices
        )
        let lookup = Dictionary(variables.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        guard let script = ContainerCommand.script(for: container.spec, environment: lookup) else {
            return .failure(
                LaunchFailure("container \(container.spec.name) has neither command nor args; there is nothing to run")
            )
        }
        do {
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        } catch {
            return .failure(
                LaunchFailure("cannot create working directory \(workDirectory): \(error.localizedDescription)")
            )
        }

        let log: Int32
        do {
            log = try logFile(podUID: meta.uid, container: container.spec.name).openForAppending()
        } catch {
            return .failure(LaunchFailure(error.description))
        }
        defer { close(log) }
        // A socket pair rather than a pipe: it can be created close-on-exec atomically (pipe2 needs _GNU_SOURCE),
        // so a container started at the same moment by another thread never inherits it.
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            return .failure(LaunchFailure("cannot create a socket pair: \(String(cString: strerror(errno)))"))
        }
        defer {
            close(ends[0])
            close(ends[1])
        }

        let pid: pid_t
        do {
            pid = try ProcessLauncher.spawn(
                executable: configuration.shell,
                arguments: ["sh", "-c", Self.shim, "skiff-shim", script, workDirectory, exitFile, configuration.shell],
                environment: variables.map { "\($0.name)=\($0.value)" },
                stdinDescriptor: ends[0],
                outputDescriptor: log
            )
        } catch {
            return .failure(LaunchFailure(error.message))
        }
        let startTicks = ProcessLauncher.startTicks(of: pid) ?? 0
        var cgroupProblem: String?
        for file in pod.cgroup?.procsFiles ?? [] {
            do throws(CgroupFiles.Failure) {
                try CgroupFiles.write(String(pid), to: file)
            } catch {
                cgroupProblem = error.description
            }
        }
        let go = Array("go\n".utf8)
        _ = go.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        return .success(Started(pid: pid, startTicks: startTicks, cgroupProblem: cgroupProblem))
    }

    /// The container's `workingDir`: absolute as given, relative to the pod's `work/` folder, or that folder.
    func workingDirectory(pod: PodRun, container: Container) -> String {
        let work = "\(pod.directory)/work"
        if container.workingDir.isEmpty { return work }
        if container.workingDir.hasPrefix("/") { return container.workingDir }
        return "\(work)/\(container.workingDir)"
    }
}
