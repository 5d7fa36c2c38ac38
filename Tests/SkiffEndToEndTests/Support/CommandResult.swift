/// What a finished command printed and how it exited.
struct CommandResult: Sendable, CustomStringConvertible {
    /// The command line, for failure messages.
    var command: [String]
    /// The exit status (a signal number plus 128 if the process was killed by a signal).
    var status: Int32
    var stdout: String
    var stderr: String

    /// Whether the command exited with status 0.
    var succeeded: Bool { status == 0 }

    /// Standard output split into lines, without the empty one after the final newline.
    var lines: [String] {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var description: String {
        "`\(command.joined(separator: " "))` exited \(status)\n--- stdout:\n\(stdout)--- stderr:\n\(stderr)"
    }
}
