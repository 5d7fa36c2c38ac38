import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Who may use the API's Unix socket: mode `0660` (owner and group read and write; connecting needs write), and
/// the group of `socketGroup` in the configuration when given. The group is resolved when the daemon starts, so a
/// typo stops it with a clear message instead of leaving a socket nobody can use.
struct SocketAccess: Sendable {
    /// The socket's mode.
    static let mode: mode_t = 0o660

    /// The group id to give the socket; nil keeps the daemon's.
    let groupID: gid_t?

    /// Resolves `group`: a group name from the group database, or a numeric id.
    init(group: String?) throws(DaemonError) {
        guard let group, !group.isEmpty else {
            groupID = nil
            return
        }
        if let id = Self.lookUp(group) {
            groupID = id
        } else if let id = UInt32(group) {
            groupID = id
        } else {
            throw DaemonError(description: "socketGroup: no group named \"\(group)\" on this machine")
        }
    }

    /// Sets the socket's group and mode. The socket is created by bind with the umask's mode (0755 under
    /// systemd's default UMask=0022: nobody else can connect, since connecting needs write), so the moment
    /// before this call is never more open than the result.
    func apply(to path: String) throws(DaemonError) {
        if let groupID, chown(path, uid_t.max, groupID) != 0 {
            throw DaemonError(
                description: "cannot give \(path) the group \(groupID): \(String(cString: strerror(errno)))"
            )
        }
        guard chmod(path, Self.mode) == 0 else {
            throw DaemonError(description: "cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func lookUp(_ name: String) -> gid_t? {
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getgrnam_r(name, &entry, &buffer, buffer.count, &result)
        guard status == 0, result != nil else { return nil }
        return entry.gr_gid
    }
}
