import Glibc

/// One entry of the manifest loader's saved file table (the store's side table ``tableName``): a file that
/// applied cleanly, with the signature taken before it was read and everything the loader keeps about it but the
/// objects themselves — the store holds those. A later start whose stat of the file finds the same signature
/// (and the same ``fingerprint``) restores the file from the entry instead of reading and decoding it again.
///
/// Entries are written in the store batch that writes the file's objects, so the table and the objects never
/// disagree after a crash; only valid files without write failures and with a signature that is not racy (see
/// ``ManifestFileSignature/isRacy(takenAt:margin:)``) have one, so anything else is read again.
struct SavedManifestFile: Sendable, Equatable {
    /// The store side table holding the entries, keyed by the file's path relative to the manifests folder.
    static let tableName = "skiff.manifest-files"

    /// What reading the same bytes depends on besides the bytes (the program, the decoder's settings, the
    /// folder's real path), hashed: an entry saved under another fingerprint is not trusted.
    var fingerprint: UInt64
    var signature: ManifestFileSignature
    /// The size read, counted against the folder's total limit.
    var bytes: Int
    var lastRead: Timestamp
    var warnings: [FieldError]
    /// Every object the file declares, with where its document starts, in key order.
    var objects: [(key: ObjectKey, mark: Mark)]

    static func == (lhs: SavedManifestFile, rhs: SavedManifestFile) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.signature == rhs.signature && lhs.bytes == rhs.bytes
            && lhs.lastRead == rhs.lastRead && lhs.warnings == rhs.warnings
            && lhs.objects.elementsEqual(rhs.objects) { $0.key == $1.key && $0.mark == $1.mark }
    }

    /// The format's version, first in every entry: an entry of another version is not read.
    private static let version: UInt64 = 1

    /// A compact binary form: unsigned LEB128 integers (signed ones zigzagged) and length-prefixed UTF-8.
    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.reserve(64 + objects.count * 48)
        out.unsigned(Self.version)
        out.unsigned(fingerprint)
        out.unsigned(signature.device)
        out.unsigned(signature.inode)
        out.signed(signature.size)
        out.signed(signature.modifiedSeconds)
        out.signed(signature.modifiedNanoseconds)
        out.signed(signature.changedSeconds)
        out.signed(signature.changedNanoseconds)
        out.signed(Int64(bytes))
        out.signed(lastRead.seconds)
        out.unsigned(UInt64(warnings.count))
        for warning in warnings {
            out.string(warning.file)
            out.signed(Int64(warning.mark.line))
            out.signed(Int64(warning.mark.column))
            out.string(warning.path)
            out.string(warning.message)
            out.unsigned(warning.isWarning ? 1 : 0)
        }
        out.unsigned(UInt64(objects.count))
        for (key, mark) in objects {
            out.string(key.groupKind.group)
            out.string(key.groupKind.kind)
            out.string(key.namespace)
            out.string(key.name)
            out.signed(Int64(mark.line))
            out.signed(Int64(mark.column))
        }
        return out.bytes
    }

    /// Reads an entry back; nil for anything malformed or of another version (the file is then read again).
    init?(decoding bytes: [UInt8]) {
        var input = ByteReader(bytes)
        guard input.unsigned() == Self.version,
            let fingerprint = input.unsigned(),
            let device = input.unsigned(),
            let inode = input.unsigned(),
            let size = input.signed(),
            let modifiedSeconds = input.signed(),
            let modifiedNanoseconds = input.signed(),
            let changedSeconds = input.signed(),
            let changedNanoseconds = input.signed(),
            let count = input.signed(),
            let lastRead = input.signed(),
            let warningCount = input.count()
        else { return nil }
        var warnings: [FieldError] = []
        for _ in 0..<warningCount {
            guard let file = input.string(), let line = input.signed(), let column = input.signed(),
                let path = input.string(), let message = input.string(), let flag = input.unsigned()
            else { return nil }
            warnings.append(
                FieldError(
                    file: file,
                    mark: Mark(line: Int(line), column: Int(column)),
                    path: path,
                    message: message,
                    isWarning: flag == 1
                )
            )
        }
        guard let objectCount = input.count() else { return nil }
        var objects: [(key: ObjectKey, mark: Mark)] = []
        objects.reserveCapacity(objectCount)
        for _ in 0..<objectCount {
            guard let group = input.string(), let kind = input.string(), let namespace = input.string(),
                let name = input.string(), let line = input.signed(), let column = input.signed()
            else { return nil }
            objects.append(
                (
                    ObjectKey(GroupKind(group: group, kind: kind), namespace: namespace, name: name),
                    Mark(line: Int(line), column: Int(column))
                )
            )
        }
        guard input.isAtEnd else { return nil }
        self.fingerprint = fingerprint
        self.signature = ManifestFileSignature(
            device: device,
            inode: inode,
            size: size,
            modifiedSeconds: modifiedSeconds,
            modifiedNanoseconds: modifiedNanoseconds,
            changedSeconds: changedSeconds,
            changedNanoseconds: changedNanoseconds
        )
        self.bytes = Int(count)
        self.lastRead = Timestamp(seconds: lastRead)
        self.warnings = warnings
        self.objects = objects
    }

    init(
        fingerprint: UInt64,
        signature: ManifestFileSignature,
        bytes: Int,
        lastRead: Timestamp,
        warnings: [FieldError],
        objects: [(key: ObjectKey, mark: Mark)]
    ) {
        self.fingerprint = fingerprint
        self.signature = signature
        self.bytes = bytes
        self.lastRead = lastRead
        self.warnings = warnings
        self.objects = objects
    }

    /// A stable 64-bit hash of `text` (FNV-1a): Swift's `Hasher` is seeded anew in every process.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// Appends LEB128 integers and strings.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func string(_ text: String) {
        unsigned(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }
}

/// Reads what ``ByteWriter`` wrote; every read returns nil past the end or on malformed input.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func unsigned() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    mutating func signed() -> Int64? {
        guard let raw = unsigned() else { return nil }
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A count of items that follow, bounded by the bytes left (each item takes at least one byte).
    mutating func count() -> Int? {
        guard let raw = unsigned(), raw <= UInt64(bytes.count - offset) else { return nil }
        return Int(raw)
    }

    mutating func string() -> String? {
        guard let length = count() else { return nil }
        let text = String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
        offset += length
        return text
    }
}

extension SavedManifestFile {
    /// The fingerprint of a loader's reads (see ``fingerprint``): this program's file (a rebuilt or upgraded
    /// skiffd may decode differently), the decoder's kinds, adapters and limits, and the folder's real path.
    static func fingerprint(decoder: ManifestDecoder, realRoot: String) -> UInt64 {
        let kinds = decoder.registry.types.map { String(reflecting: $0) }.sorted()
        let adapters = decoder.adapters.map { String(reflecting: type(of: $0)) }
        let text = [
            "program: \(programIdentity)",
            "root: \(realRoot)",
            "limits: \(decoder.limits)",
            "kinds: \(kinds.joined(separator: ","))",
            "adapters: \(adapters.joined(separator: ","))",
        ].joined(separator: "\n")
        return stableHash(text)
    }

    /// This program's executable file by identity, size and times; where it cannot be examined, a value unique
    /// to this process, so that nothing saved is trusted.
    static let programIdentity: String = {
        if let signature = ManifestFileSignature.of("/proc/self/exe") {
            return "\(signature)"
        }
        return "unknown-\(getpid())-\(ManifestFileSignature.wallNanoseconds())"
    }()
}
