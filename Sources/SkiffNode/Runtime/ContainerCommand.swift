import Foundation

/// How a container's `command` and `args` become the script `/bin/sh -c` runs.
///
/// Kubernetes runs `command + args` (or `args` alone when there is no image entrypoint) as an argument vector,
/// after replacing `$(VAR)` with the container's variables. Skiff runs every container through `/bin/sh -c`, so
/// the vector is written as a script that replaces the shell with the program, giving it exactly those arguments:
/// `exec` and each element single-quoted, joined with spaces. The program is then the container's process, as on
/// Kubernetes, and receives the stop signal itself. One exception: a vector of one element is taken as a whole
/// command line, unquoted, so that an Azure ML `command: python train.py --lr 0.1` runs as written.
public enum ContainerCommand {
    /// The script for a container, with `$(VAR)` references expanded from `environment`.
    /// - Returns: nil when the container has neither `command` nor `args`.
    public static func script(for container: Container, environment: [String: String]) -> String? {
        let vector = (container.command.isEmpty ? container.args : container.command + container.args).map {
            expand($0, with: environment)
        }
        guard let first = vector.first else { return nil }
        if vector.count == 1 { return first }
        return "exec " + vector.map(shellQuoted).joined(separator: " ")
    }

    /// Kubernetes' `$(VAR)` expansion: a defined variable is replaced by its value, an undefined reference stays as
    /// written, `$$` is a literal `$`, and any other `$` is kept.
    public static func expand(_ text: String, with variables: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            guard character == "$", next < text.endIndex else {
                result.append(character)
                index = next
                continue
            }
            switch text[next] {
            case "$":
                result.append("$")
                index = text.index(after: next)
            case "(":
                let nameStart = text.index(after: next)
                if let close = text[nameStart...].firstIndex(of: ")") {
                    let name = String(text[nameStart..<close])
                    result += variables[name] ?? "$(\(name))"
                    index = text.index(after: close)
                } else {
                    result += text[index...]
                    index = text.endIndex
                }
            default:
                result.append("$")
                index = next
            }
        }
        return result
    }

    /// `text` as one shell word, inside single quotes.
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
