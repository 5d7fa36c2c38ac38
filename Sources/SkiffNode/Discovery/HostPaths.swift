/// Where discovery reads the machine from: the real `/proc`, `/etc` and `/sys`, or a copy laid out the same way
/// under a test folder.
public struct HostPaths: Sendable, Hashable {
    /// `/proc`.
    public var proc: String
    /// `/etc`.
    public var etc: String
    /// `/sys`.
    public var sys: String

    /// Paths under the given roots.
    public init(proc: String = "/proc", etc: String = "/etc", sys: String = "/sys") {
        self.proc = proc
        self.etc = etc
        self.sys = sys
    }

    /// The machine's own.
    public static let system = HostPaths()
}
