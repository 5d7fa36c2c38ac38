/// What the loader knows about one manifest file: whether it applied, every error, and what it declares.
public struct ManifestFileState: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable {
        /// Read and applied; every object it declares is in the store.
        case applied = "Applied"
        /// Failed to read, parse or validate; the objects of its last good version stay in force.
        case invalid = "Invalid"
        /// Applied, but some objects are declared by an earlier file too and that file wins.
        case conflict = "Conflict"
    }

    /// The path relative to the manifests folder, as errors print it.
    public var path: String
    public var phase: Phase
    public var errors: [FieldError]
    public var warnings: [FieldError]
    /// The objects the file declares (its last good version, when it is invalid now).
    public var objects: [ObjectKey]
    /// When the loader last read the file.
    public var lastRead: Timestamp

    public init(
        path: String,
        phase: Phase,
        errors: [FieldError] = [],
        warnings: [FieldError] = [],
        objects: [ObjectKey] = [],
        lastRead: Timestamp
    ) {
        self.path = path
        self.phase = phase
        self.errors = errors
        self.warnings = warnings
        self.objects = objects
        self.lastRead = lastRead
    }
}
