import Foundation
import Glibc

/// A container's log: one file the process appends to (`<name>.log`), capped by size. When it grows past the cap
/// its content moves to `<name>.log.1` (replacing the previous one) and the file is truncated in place, since the
/// process keeps writing to the descriptor it was given (opened with `O_APPEND`, so writes land at the new end).
/// The log thus never takes more than about twice the cap; lines written during the copy may be lost, as with
/// logrotate's `copytruncate`.
public struct ContainerLogFile: Sendable, Hashable {
    /// The file the process writes.
    public let path: String

    /// The log at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Where the previous content goes when the file is rotated.
    public var rotatedPath: String { path + ".1" }

    /// Opens the file for the process to append to (close-on-exec in this process).
    func openForAppending() throws(PodRuntimeError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .io("cannot open \(path): \(String(cString: strerror(errno)))") }
        return fd
    }

    /// The file's size in bytes (0 when missing).
    func size(_ file: String? = nil) -> Int64 {
        var info = stat()
        return stat(file ?? path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Rotates the file if it is larger than `maxBytes`.
    /// - Returns: whether it was rotated.
    @discardableResult
    public func rotateIfNeeded(maxBytes: Int64) -> Bool {
        guard size() > maxBytes else { return false }
        let temporary = rotatedPath + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) == true,
            let source = FileHandle(forReadingAtPath: path), let target = FileHandle(forWritingAtPath: temporary)
        else { return false }
        defer {
            try? source.close()
            try? target.close()
        }
        while let chunk = try? source.read(upToCount: 1 << 20), !chunk.isEmpty {
            guard (try? target.write(contentsOf: chunk)) != nil else { return false }
        }
        guard rename(temporary, rotatedPath) == 0 else { return false }
        return truncate(path, 0) == 0
    }

    /// The last `lines` lines (everything when nil) of the rotated file followed by the current one.
    /// - Parameter end: where the current file is read up to (its size by default); a follower passes the offset
    ///   it will go on from, so that what is written meanwhile is not delivered twice.
    public func tail(lines: Int?, upTo end: Int64? = nil) -> [UInt8] {
        let limit = end ?? size()
        func current(from offset: Int64) -> [UInt8] {
            Array(read(path, from: offset).prefix(Int(max(0, limit - offset))))
        }
        guard let lines else { return read(rotatedPath, from: 0) + current(from: 0) }
        guard lines > 0 else { return [] }
        let (current, found) = Self.lastLines(current(from: max(0, limit - Self.tailWindow)), count: lines)
        if found >= lines { return current }
        let (previous, _) = Self.lastLines(
            read(rotatedPath, from: max(0, size(rotatedPath) - Self.tailWindow)),
            count: lines - found
        )
        return previous + current
    }

    /// How far back from the end a tail looks in each file; a line longer than this is cut.
    private static let tailWindow: Int64 = 4 << 20

    /// The bytes of `file` from `offset` to its end (empty when missing).
    func read(_ file: String, from offset: Int64) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: file) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(max(offset, 0)))) != nil else { return [] }
        return [UInt8]((try? handle.readToEnd()) ?? Data())
    }

    /// The last `count` lines of `bytes` (a final line without a newline counts), and how many were found.
    static func lastLines(_ bytes: [UInt8], count: Int) -> (bytes: [UInt8], found: Int) {
        guard !bytes.isEmpty, count > 0 else { return ([], 0) }
        var end = bytes.count
        if bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var found = 0
        var index = end
        while index > 0 {
            if bytes[index - 1] == UInt8(ascii: "\n") {
                found += 1
                if found == count { return (Array(bytes[index...]), found) }
            }
            index -= 1
        }
        return (bytes, found + 1)
    }
}
