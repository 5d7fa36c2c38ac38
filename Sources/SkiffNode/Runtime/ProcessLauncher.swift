import Foundation
import Glibc

/// Starts a process with `posix_spawn` in a session of its own, so that it and everything it starts form one
/// process group that a signal to the group reaches, and so that it outlives the daemon (no parent death signal,
/// no shared terminal). The call returns at once; nothing ties the process to a Swift task.
enum ProcessLauncher {
    /// glibc's `POSIX_SPAWN_SETSID` (since 2.26). `import Glibc` leaves it out because `<spawn.h>` declares it
    /// only under `_GNU_SOURCE`; the flag itself is a stable part of glibc's ABI.
    private static let setSessionFlag: Int32 = 0x80

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which closes every descriptor from a
    /// number on in the child, whoever opened it and however. `<spawn.h>` declares it only under `_GNU_SOURCE`,
    /// so it is looked up at run time; nil on an older glibc.
    private static let addCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self
            )
        }()

    struct Failure: Error, Sendable {
        var message: String
    }

    /// Spawns `arguments[0]` at `executable`, with standard input from `stdinDescriptor`, standard output and
    /// error to `outputDescriptor`, every other descriptor closed, default signal handling and an empty mask.
    static func spawn(
        executable: String,
        arguments: [String],
        environment: [String],
        stdinDescriptor: Int32,
        outputDescriptor: Int32
    ) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinDescriptor, 0)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 2)
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, 3)
        } else {
            // Without closefrom, close what is open now; glibc ignores a close of a descriptor closed meanwhile.
            for descriptor in openDescriptors() where descriptor > 2 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        // Ignored signals stay ignored across exec; a daemon ignoring SIGPIPE must not pass that on.
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let flags = setSessionFlag | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        guard result == 0 else {
            throw Failure(message: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// The descriptors open in this process.
    private static func openDescriptors() -> [Int32] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return [] }
        return names.compactMap { Int32($0) }
    }

    /// The process's start time in clock ticks since boot (field 22 of `/proc/<pid>/stat`): with the pid, it
    /// identifies a process across pid reuse.
    static func startTicks(of pid: pid_t) -> UInt64? {
        guard let text = HostInfo.readText("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else {
            return nil
        }
        // Fields after the command name (which may hold spaces) start with field 3 (state).
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }

    /// Whether `pid` is still the process that started at `startTicks` and has not exited (a zombie has).
    static func isAlive(_ pid: pid_t, startTicks: UInt64) -> Bool {
        guard let text = HostInfo.readText("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else {
            return false
        }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return false }
        return UInt64(fields[19]) == startTicks
    }

    /// Waits for a child to exit, blocking the calling thread.
    /// - Returns: the exit code, 128 + signal for a signal death (as Kubernetes reports it), and the signal.
    static func waitForExit(_ pid: pid_t) -> (exitCode: Int32, signal: Int32) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return (128 + SIGKILL, 0) }
        }
        // WIFEXITED and friends are macros Swift does not import.
        let signal = status & 0x7f
        if signal == 0 { return ((status >> 8) & 0xff, 0) }
        return (128 + signal, signal)
    }
}
