import ArgumentParser
import Foundation

/// Options every daemon-facing command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The daemon's Unix socket.")
    var socket: String?

    /// The socket to use: the flag, `$SKIFF_SOCKET`, `.skiff/skiffd.sock` if present, or the system path.
    var resolvedSocket: String {
        if let socket { return socket }
        if let env = ProcessInfo.processInfo.environment["SKIFF_SOCKET"], !env.isEmpty { return env }
        let local = FileManager.default.currentDirectoryPath + "/.skiff/skiffd.sock"
        if FileManager.default.fileExists(atPath: local) { return local }
        return "/run/skiff/skiffd.sock"
    }

    func client() -> APIClient { APIClient(socketPath: resolvedSocket) }
}

/// An error already explained to the user; exits with status 1 without a second message.
struct ReportedFailure: Error {}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
