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
        subcommands: [Get.self, Describe.self, Files.self, Errors.self, Validate.self]
    )
}
