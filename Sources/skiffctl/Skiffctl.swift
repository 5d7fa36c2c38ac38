import ArgumentParser

/// `skiffctl`: kubectl-like access to skiffd, plus offline validation of manifest folders.
@main
struct Skiffctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skiffctl",
        abstract: "Inspect and validate what skiffd reconciles.",
        discussion: """
            The daemon is reached over its Unix socket: --socket, else $SKIFF_SOCKET, else .skiff/skiffd.sock \
            in the current folder (where `make run` puts it), else /run/skiff/skiffd.sock.
            """,
        subcommands: [
            Get.self, Describe.self, Logs.self, Top.self, Explain.self, Cancel.self, Preempt.self,
            Files.self, Errors.self, KubeconfigCommand.self,
            Validate.self, Plan.self,
        ]
    )

    /// Runs the command line, accepting `--socket` before the subcommand too (as kubectl takes its global flags
    /// anywhere): it is moved after the subcommand, where the option group parses it.
    static func main() async {
        let arguments = movingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// `--socket S get it` -> `get it --socket S`.
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        var global: [String] = []
        var rest: [String] = []
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            if argument == "--socket", index + 1 < arguments.count {
                global += [argument, arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("--socket=") {
                global.append(argument)
                index += 1
            } else {
                break
            }
        }
        rest = Array(arguments[index...])
        guard !global.isEmpty, !rest.isEmpty else { return global + rest }
        return [rest[0]] + global + rest.dropFirst()
    }
}
