/// An error found while reading or writing YAML: where it is and what was expected there.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the text came from, as given to the parser (empty when parsing a string).
    public var file: String
    public var mark: Mark
    /// What is wrong, phrased as what was expected ("expected a mapping value", "alias expansion exceeds …").
    public var message: String

    public init(file: String, mark: Mark, message: String) {
        self.file = file
        self.mark = mark
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, the form compilers print and editors jump to.
    public var description: String {
        file.isEmpty ? "\(mark): \(message)" : "\(file):\(mark): \(message)"
    }
}
