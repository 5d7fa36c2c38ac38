extension VMSizeCatalog {
    /// Why a VM size table could not be read.
    public struct TSVError: Error, Sendable, Hashable, CustomStringConvertible {
        /// 1-based line of the table.
        public var line: Int
        /// What is wrong with that line.
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "line \(line): \(message)" }
    }

    /// The columns a VM size table must have, in this order.
    public static let tsvColumns = ["name", "vcpus", "memory_gib", "gpus", "gpu_model", "family"]

    /// Reads a table in the format of the shared `vm-sizes.tsv`: a header line naming ``tsvColumns``, then one
    /// size per line, tab-separated; blank lines are skipped.
    public init(tsv text: String) throws(TSVError) {
        var sizes: [VMSize] = []
        var sawHeader = false
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard sawHeader else {
                guard fields == VMSizeCatalog.tsvColumns else {
                    throw TSVError(line: offset + 1, message: "expected the header \(VMSizeCatalog.tsvColumns)")
                }
                sawHeader = true
                continue
            }
            guard fields.count == VMSizeCatalog.tsvColumns.count else {
                throw TSVError(line: offset + 1, message: "expected 6 tab-separated fields, found \(fields.count)")
            }
            guard let vcpus = Int(fields[1]), vcpus > 0 else {
                throw TSVError(line: offset + 1, message: "vcpus \"\(fields[1])\" is not a positive integer")
            }
            guard let gpus = Int(fields[3]), gpus >= 0 else {
                throw TSVError(line: offset + 1, message: "gpus \"\(fields[3])\" is not a whole number")
            }
            guard VMSizeCatalog.isDecimal(fields[2]) else {
                throw TSVError(line: offset + 1, message: "memory_gib \"\(fields[2])\" is not a decimal number")
            }
            sizes.append(
                VMSize(
                    name: fields[0],
                    vcpus: vcpus,
                    memoryGiB: fields[2],
                    gpus: gpus,
                    gpuModel: fields[4].isEmpty ? nil : fields[4],
                    family: fields[5]
                )
            )
        }
        self.init(sizes: sizes)
    }

    private static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
