import Logging

#if canImport(Glibc)
import Glibc
#endif
#if canImport(CDispatch)
// Glibc's `stat` and `timespec` are owned by the CDispatch clang module once Dispatch is loaded.
import CDispatch
#endif

/// skiffd's log lines on standard error. Under journald (`$JOURNAL_STREAM` names our standard error) a line has no
/// timestamp (the journal stamps it) but starts with the `<N>` syslog priority prefix that journald turns into the
/// entry's priority (sd-daemon(3)); elsewhere a line starts with an ISO 8601 timestamp, as swift-log's
/// `StreamLogHandler` writes.
struct DaemonLogHandler: LogHandler {
    let label: String
    let level: LogLevelBox
    let journal: Bool
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// A level set on one logger (`logger.logLevel = ...`) wins over the daemon's for that logger only.
    private var override: Logger.Level?

    init(label: String, level: LogLevelBox, journal: Bool) {
        self.label = label
        self.level = level
        self.journal = journal
    }

    var logLevel: Logger.Level {
        get { override ?? level.level }
        set { override = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let fields =
            all.isEmpty
            ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line: String
        if journal {
            line = "<\(Self.priority(event.level))>\(event.level) \(label):\(fields) \(event.message)\n"
        } else {
            line = "\(Self.timestamp()) \(event.level) \(label):\(fields) \(event.message)\n"
        }
        // One write per line, so that lines from different threads never interleave.
        let bytes = Array(line.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + written, $0.count - written) }
            if n <= 0 { break }
            written += n
        }
    }

    /// The syslog priority of a level (`<3>` is err, `<7>` debug).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Whether standard error is the journal stream `$JOURNAL_STREAM` names (`DEVICE:INODE`), as systemd sets it
    /// for a service whose output goes to journald; a child that inherited the variable but writes elsewhere
    /// keeps its timestamps.
    static func stderrIsJournal() -> Bool {
        guard let raw = getenv("JOURNAL_STREAM") else { return false }
        let value = String(cString: raw)
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [Int8](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
