/// An error found while reading or writing YAML: where it is and what was expected there.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the text came from, as given to the parser (empty when parsing a string).
    public var file: String
    /// Where the problem is (``Mark/none`` for errors that belong to no input, such as the emitter's).
    public var mark: Mark
    /// What is wrong, phrased as what was expected ("expected a mapping value", "alias expansion exceeds …").
    public var message: String

    /// An error in `file` at `mark`.
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
