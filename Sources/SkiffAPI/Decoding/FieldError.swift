/// One thing wrong with a manifest: where (file, line, column, field path) and what was expected, worded as
/// Kubernetes' `field.Error` words it (`spec.resources.limits.cpu: Invalid value: "-1": must be positive`).
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var mark: Mark
    /// The field path; empty for errors about a whole document.
    public var path: String
    /// The text after the path.
    public var message: String
    /// A warning does not stop the object from being applied (unknown extension settings, for example).
    public var isWarning: Bool

    /// An error about a whole file (it cannot be read, it is too big): reported at its first line and column, so
    /// that every error has the `FILE:LINE:COLUMN:` form editors and CI parsers expect.
    public static func wholeFile(_ file: String, _ message: String) -> FieldError {
        FieldError(file: file, mark: Mark(line: 1, column: 1), path: "", message: message)
    }

    public init(file: String, mark: Mark, path: String, message: String, isWarning: Bool = false) {
        self.file = file
        self.mark = mark
        self.path = path
        self.message = message
        self.isWarning = isWarning
    }

    /// `path: message`, without the position.
    public var detail: String { path.isEmpty ? message : "\(path): \(message)" }

    /// `FILE:LINE:COLUMN: path: message`.
    public var description: String {
        let position = mark == .none ? "" : "\(mark.line):\(mark.column): "
        let prefix = file.isEmpty ? position : (position.isEmpty ? "\(file): " : "\(file):\(position)")
        return prefix + (isWarning ? "warning: " : "") + detail
    }

    /// The value as Kubernetes quotes it in messages: strings in double quotes, everything else bare.
    public static func quote(_ value: String) -> String {
        "\"" + value.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    /// Replaces every occurrence of `target` (non-empty) by `replacement`, without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
