/// The two event types Kubernetes defines, as the text of ``EventSpec/type`` (`v1` accepts any text there, as
/// Kubernetes does, so the field stays a string).
public enum EventType {
    /// Nothing wrong: something happened as expected.
    public static let normal = "Normal"
    /// Something may need attention.
    public static let warning = "Warning"
}
