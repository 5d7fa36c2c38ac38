import SkiffAPI
import Testing

struct VMSizeCatalogTests {
    static let tsvPath = SharedFolder.path + "/data/vm-sizes.tsv"

    /// The generated source for a catalog, exactly as `VMSizeCatalog+Rows.swift` holds it.
    static func generatedSource(_ catalog: VMSizeCatalog) -> String {
        var lines = [
            "// Generated from /work/shared/data/vm-sizes.tsv; do not edit by hand. VMSizeCatalogTests checks that "
                + "these rows",
            "// equal the TSV and, when they differ, prints this file regenerated.",
            "extension VMSizeCatalog {",
            "    /// The rows exactly as the TSV holds them: name, vCPUs, memory in GiB (decimal text), GPUs, GPU "
                + "model (empty",
            "    /// for none), quota family.",
            "    static let generatedRows: [(String, Int, String, Int, String, String)] = [",
        ]
        for size in catalog.sizes {
            lines.append(
                "        (\"\(size.name)\", \(size.vcpus), \"\(size.memoryGiB)\", \(size.gpus), "
                    + "\"\(size.gpuModel ?? "")\", "
                    + "\"\(size.family)\"),"
            )
        }
        lines += ["    ]", "}", ""]
        return lines.joined(separator: "\n")
    }

    @Test func builtInCatalogEqualsTheSharedTSV() throws {
        let text = String(decoding: try AzureMLTestSupport.bytes(Self.tsvPath), as: UTF8.self)
        let fromTSV = try VMSizeCatalog(tsv: text)
        #expect(fromTSV.sizes.count == 40)
        #expect(
            VMSizeCatalog.builtIn.sizes == fromTSV.sizes,
            "Sources/SkiffAPI/Catalog/VMSizeCatalog+Rows.swift is stale; regenerated:\n\(Self.generatedSource(fromTSV))"
        )
        let packageRoot = String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")
        let generatedFile = String(
            decoding: try AzureMLTestSupport.bytes(
                "/\(packageRoot)/Sources/SkiffAPI/Catalog/VMSizeCatalog+Rows.swift"
            ),
            as: UTF8.self
        )
        #expect(generatedFile == Self.generatedSource(fromTSV))
    }

    @Test func lookupIsCaseInsensitiveAndGivesCanonicalNames() throws {
        let catalog = VMSizeCatalog.builtIn
        let size = try #require(catalog.size(named: "STANDARD_DS3_V2"))
        #expect(size.name == "Standard_DS3_v2")
        #expect(size.vcpus == 4 && size.gpus == 0 && size.gpuModel == nil)
        #expect(size.memory == Quantity.parse("14Gi"))
        #expect(catalog.size(named: "Standard_Nope") == nil)
        let half = try #require(catalog.size(named: "standard_ds1_v2"))
        #expect(half.memoryGiB == "3.5" && half.memory.canonical == "3584Mi")
    }

    @Test func gpuSizesGiveTheirCapacity() throws {
        let size = try #require(VMSizeCatalog.builtIn.size(named: "Standard_NC24ads_A100_v4"))
        #expect(size.gpus == 1 && size.gpuModel == "NVIDIA A100 80GB")
        #expect(size.capacity == [.cpu: 24, .memory: "220Gi", .nvidiaGPU: 1])
        #expect(VMSizeCatalog.builtIn.size(named: "Standard_D2_v3")?.capacity == [.cpu: 2, .memory: "8Gi"])
    }

    @Test func familiesCompareLowercasedWithoutWhitespace() {
        let catalog = VMSizeCatalog.builtIn
        #expect(VMSizeCatalog.normalizedFamily("Standard NCASv3_T4 Family") == "standardncasv3_t4family")
        #expect(
            catalog.sizes(inFamily: "Standard NCASv3_T4 Family").map(\.name) == [
                "Standard_NC4as_T4_v3", "Standard_NC8as_T4_v3", "Standard_NC16as_T4_v3", "Standard_NC64as_T4_v3",
            ]
        )
        #expect(catalog.sizes(inFamily: "standard NDAMSv4_A100Family").map(\.name) == ["Standard_ND96amsr_A100_v4"])
        #expect(catalog.sizes(inFamily: "standardNCADSA100v4Family").count == 3)
        #expect(catalog.size(named: "Standard_NC6")?.normalizedFamily == "standardncfamily")
    }

    @Test func malformedTablesAreRefusedWithTheirLine() {
        #expect(
            throws: VMSizeCatalog.TSVError(
                line: 1,
                message:
                    "expected the header [\"name\", \"vcpus\", \"memory_gib\", \"gpus\", \"gpu_model\", \"family\"]"
            )
        ) {
            try VMSizeCatalog(tsv: "name\tcpus\n")
        }
        let header = "name\tvcpus\tmemory_gib\tgpus\tgpu_model\tfamily\n"
        #expect(throws: VMSizeCatalog.TSVError(line: 3, message: "expected 6 tab-separated fields, found 2")) {
            try VMSizeCatalog(tsv: header + "\nStandard_X\t2\n")
        }
        #expect(throws: VMSizeCatalog.TSVError(line: 2, message: "memory_gib \"lots\" is not a decimal number")) {
            try VMSizeCatalog(tsv: header + "Standard_X\t2\tlots\t0\t\tf\n")
        }
    }
}
