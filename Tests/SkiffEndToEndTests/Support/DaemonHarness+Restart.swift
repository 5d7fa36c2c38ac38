import Foundation
import Testing

extension DaemonHarness {
    /// Kills the daemon with SIGKILL (no chance to save or clean anything) and waits for it to be gone.
    func crash() async {
        process.send(SIGKILL)
        _ = await process.waitForExit()
    }

    /// Starts a new daemon on the same folders (manifests, state directory, socket) and waits until it is ready.
    func restarted() async throws -> DaemonHarness {
        let next = try DaemonHarness.start(root: root, stateDir: stateDir, socket: socket)
        do {
            try await next.waitUntilReady()
        } catch {
            _ = await next.stop()
            throw error
        }
        return next
    }

    /// The pid of a pod's container's shim, from the runtime's record in the state directory.
    func shimPID(podUID uid: String) throws -> Int32? {
        let run = "\(stateDir)/pods/\(uid)/run"
        for name in try FileManager.default.contentsOfDirectory(atPath: run).sorted()
        where name.hasSuffix(".json") && name != "pod.json" {
            guard let data = FileManager.default.contents(atPath: "\(run)/\(name)"),
                let record = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let pid = record["pid"] as? Int
            else { continue }
            return Int32(pid)
        }
        return nil
    }

    /// Whether a process with that pid exists (and is not a zombie).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }
}
