/// The VM sizes Skiff knows (vCPUs, memory, GPUs, quota family), compiled in from the shared `vm-sizes.tsv` so
/// that the daemon needs no data files at run time. Names are looked up case-insensitively, as Azure does
/// (`STANDARD_DS3_v2` is `Standard_DS3_v2`).
public struct VMSizeCatalog: Sendable {
    /// The catalog built into Skiff.
    public static let builtIn = VMSizeCatalog(
        sizes: generatedRows.map { row in
            VMSize(
                name: row.0,
                vcpus: row.1,
                memoryGiB: row.2,
                gpus: row.3,
                gpuModel: row.4.isEmpty ? nil : row.4,
                family: row.5
            )
        }
    )

    /// Every size, in catalog order.
    public let sizes: [VMSize]
    private let indexByLowercasedName: [String: Int]

    public init(sizes: [VMSize]) {
        self.sizes = sizes
        var index: [String: Int] = [:]
        index.reserveCapacity(sizes.count)
        for (i, size) in sizes.enumerated() where index[size.name.lowercased()] == nil {
            index[size.name.lowercased()] = i
        }
        indexByLowercasedName = index
    }

    /// The size with that name, compared case-insensitively.
    public func size(named name: String) -> VMSize? {
        indexByLowercasedName[name.lowercased()].map { sizes[$0] }
    }

    /// The sizes of a quota family, whatever the family name's case and spacing.
    public func sizes(inFamily family: String) -> [VMSize] {
        let wanted = VMSizeCatalog.normalizedFamily(family)
        return sizes.filter { $0.normalizedFamily == wanted }
    }

    /// A family name lowercased with all whitespace removed (`Standard NDASv4_A100 Family` →
    /// `standardndasv4_a100family`).
    public static func normalizedFamily(_ family: String) -> String {
        String(family.lowercased().filter { !$0.isWhitespace })
    }
}
