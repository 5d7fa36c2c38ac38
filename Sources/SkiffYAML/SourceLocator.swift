/// Converts between byte offsets in an input and the line/column marks libyaml reports, counting as libyaml
/// does: a UTF-8 byte-order mark takes no column, columns are Unicode scalars, and LF, CR, CRLF, NEL (U+0085),
/// LS (U+2028) and PS (U+2029) each end a line. Used only to explain errors, so a linear walk is fine.
struct SourceLocator {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The mark of the character starting at byte `offset` (or of the end of input).
    func mark(atByteOffset offset: Int) -> Mark {
        var line = 1
        var column = 1
        var index = startIndex
        let end = min(offset, bytes.count)
        while index < end {
            if let width = lineBreakWidth(at: index) {
                line += 1
                column = 1
                index += width
            } else {
                // One column per scalar: step over its continuation bytes.
                index += 1
                while index < end, bytes[index] & 0xC0 == 0x80 { index += 1 }
                column += 1
            }
        }
        return Mark(line: line, column: column)
    }

    /// The byte offset of the character at `mark`, or nil when the input has no such position.
    func byteOffset(of mark: Mark) -> Int? {
        var index = startIndex
        var line = 1
        while line < mark.line {
            guard index < bytes.count else { return nil }
            if let width = lineBreakWidth(at: index) {
                line += 1
                index += width
            } else {
                index += 1
            }
        }
        var column = 1
        while column < mark.column {
            guard index < bytes.count, lineBreakWidth(at: index) == nil else { return nil }
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return index
    }

    /// True when the input starts with a UTF-16 byte-order mark, whose offsets this type cannot map to lines.
    var isUTF16: Bool {
        bytes.count >= 2 && (bytes[0] == 0xFE && bytes[1] == 0xFF || bytes[0] == 0xFF && bytes[1] == 0xFE)
    }

    private var startIndex: Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The byte length of the line break starting at `index`, or nil when there is none there.
    private func lineBreakWidth(at index: Int) -> Int? {
        switch bytes[index] {
        case 0x0A:
            return 1
        case 0x0D:
            return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85:
            return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            return 3
        default:
            return nil
        }
    }
}
