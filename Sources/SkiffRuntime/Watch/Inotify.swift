import Glibc

/// A non-blocking inotify instance: watches, and the events read from it.
struct Inotify: Sendable {
    /// One event as read from the descriptor.
    struct Event: Sendable, Hashable {
        var watch: Int32
        var mask: UInt32
        /// The name of the entry inside the watched folder; empty for events about the folder itself.
        var name: String

        func has(_ flag: Int32) -> Bool {
            mask & UInt32(bitPattern: flag) != 0
        }
    }

    /// The events a manifests folder needs: writes finished, entries moved in and out, created and deleted,
    /// and the folder itself going away. `IN_ONLYDIR` closes the race where a folder turns into a file.
    static let folderMask = UInt32(
        bitPattern: IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_DELETE_SELF
            | IN_MOVE_SELF | IN_ONLYDIR
    )

    /// The inotify file descriptor (non-blocking, close-on-exec).
    let descriptor: Int32

    /// Opens an instance. Throws the `errno` of `inotify_init1` (e.g. `EMFILE` when the per-user instance limit
    /// is reached).
    init() throws(FolderWatcherError) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw .inotifyUnavailable(errno: errno)
        }
        self.descriptor = descriptor
    }

    /// Watches the folder at `path`; returns the watch descriptor, or the `errno` on failure (`ENOSPC` when the
    /// `fs.inotify.max_user_watches` limit is reached). Watching a folder already watched returns its existing
    /// watch descriptor.
    func addWatch(_ path: String) -> Result<Int32, WatchError> {
        let watch = inotify_add_watch(descriptor, path, Inotify.folderMask)
        return watch >= 0 ? .success(watch) : .failure(WatchError(code: errno))
    }

    /// Removes a watch; errors (a watch the kernel already dropped) are of no interest.
    func removeWatch(_ watch: Int32) {
        _ = inotify_rm_watch(descriptor, watch)
    }

    /// Reads every queued event, until the descriptor reports `EAGAIN`.
    func readEvents() -> [Event] {
        var events: [Event] = []
        // Large enough for hundreds of events per read(2); one allocation per wake-up.
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        let headerSize = MemoryLayout<inotify_event>.size
        while true {
            let count = read(descriptor, buffer.baseAddress, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                break  // EAGAIN: drained (any other error leaves nothing to read either).
            }
            if count == 0 { break }
            var offset = 0
            while offset + headerSize <= count {
                let header = buffer.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + headerSize
                let nameEnd = min(nameStart + Int(header.len), count)
                let name = String(
                    decoding: buffer[nameStart..<nameEnd].prefix { $0 != 0 },
                    as: UTF8.self
                )
                events.append(Event(watch: header.wd, mask: header.mask, name: name))
                offset = nameEnd
            }
        }
        return events
    }

    /// Why `inotify_add_watch` failed.
    struct WatchError: Error, Sendable, Hashable {
        var code: Int32

        /// The per-user watch limit (`fs.inotify.max_user_watches`) or kernel memory ran out.
        var isLimit: Bool {
            code == ENOSPC || code == ENOMEM
        }
    }
}
